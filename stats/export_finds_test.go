package stats

import (
	"testing"

	"gridline/report"
)

// TestWriteCSVSource: the export's columns 来源 and 夜巡 tell a resident's report
// from a patrol find (来源), and say whether a find was made at night (夜巡).
func TestWriteCSVSource(t *testing.T) {
	rows := exportCSV(t, []report.Report{
		walk(t, "S1", codeA, andingmen, mar(2, 8, 0)),
		patrol(t, "S2", mar(2, 22, 0), true),
		patrol(t, "S3", mar(3, 10, 0), false),
	}, cst)
	want := [][2]string{{"群众上报", ""}, {"巡查发现", "是"}, {"巡查发现", "否"}}
	for i, row := range rows {
		if got := [2]string{row[21], row[22]}; got != want[i] {
			t.Errorf("%s: 来源, 夜巡 = %q, want %q", row[0], got, want[i])
		}
	}
	if rows[1][9] != "2025-03-02 22:00" || rows[1][10] != "2025-03-02 22:00" {
		t.Errorf("a find's 上报 %q and 受理 %q, want both when it was made", rows[1][9], rows[1][10])
	}
}
