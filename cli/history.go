package cli

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"gridline/community"
	"gridline/report"
)

// HistoryPlan says what history to make. It is plain data so that the seed
// command can fill it from the store and tests can fill it by hand.
type HistoryPlan struct {
	Communities []community.Community // Code, Name, Street set
	Categories  []community.Category  // Name, Deadline set
	Workers     map[string][]string   // community code → its grid workers; none: dispatch to a unit
	Operators   map[string]string     // street → operator who accepts and dispatches; fallback "admin"
	From, Now   time.Time             // submissions are spread over [From, Now)
	N           int                   // how many reports
	Zone        *time.Location        // working hours and days are counted here
}

// GenerateHistory makes p.N reports, sorted by CreatedAt, whose timelines are
// built only through report.Apply, so a seeded database holds nothing the
// server could not have produced. The same rng state gives the same history,
// tracking codes included. An error means a plan that cannot work or a bug:
// Apply refused a step.
func GenerateHistory(rng *rand.Rand, p HistoryPlan) ([]report.Report, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	g := &history{rng: rng, p: &p, loc: p.Zone, now: p.Now.In(p.Zone), ids: make(map[string]struct{}, p.N)}
	for _, c := range p.Categories {
		g.catWeights = append(g.catWeights, categoryWeight(c.Name))
	}
	out := make([]report.Report, 0, p.N)
	for _, at := range g.submissionTimes() {
		r, cat, err := g.form(at)
		if err != nil {
			return nil, err
		}
		if r, err = g.live(r, cat); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func (p HistoryPlan) check() error {
	switch {
	case p.N < 0:
		return errors.New("history: N is negative")
	case p.N == 0:
		return nil
	case p.Zone == nil:
		return errors.New("history: no time zone")
	case len(p.Communities) == 0 || len(p.Categories) == 0:
		return errors.New("history: a community and a category are needed")
	case p.Now.Sub(p.From) < time.Hour:
		return errors.New("history: From must be at least an hour before Now")
	}
	for _, c := range p.Categories {
		if c.Deadline < time.Hour {
			return fmt.Errorf("history: category %q has no deadline", c.Name)
		}
	}
	return nil
}

// history is one generation run: the random source, the plan, and the codes
// drawn so far (40-bit codes do collide now and then over 100,000 reports).
type history struct {
	rng        *rand.Rand
	p          *HistoryPlan
	loc        *time.Location
	now        time.Time
	ids        map[string]struct{}
	catWeights []float64
}

// form makes the report as the mobile form would on submission, through the
// loop's Submit row like the server's.
func (g *history) form(at time.Time) (report.Report, community.Category, error) {
	id, err := g.trackingCode()
	if err != nil {
		return report.Report{}, community.Category{}, err
	}
	c := g.p.Communities[g.rng.IntN(len(g.p.Communities))]
	cat := g.p.Categories[g.weighted(g.catWeights)]
	r := report.New(report.Submission{
		Community: c.Code, Street: c.Street, Category: cat.Name,
		Description: g.description(cat.Name), Location: g.location(), Contact: g.contact(),
		SubmitToken: fmt.Sprintf("%016x%016x", g.rng.Uint64(), g.rng.Uint64()),
	}, at)
	r.ID = id
	return r, cat, nil
}

// trackingAlphabet is report's Crockford alphabet, which it keeps private.
const trackingAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// trackingCode draws a code from rng rather than crypto/rand so that a seed
// reproduces the history. report keeps its check character private, so of the
// 32 candidates the one report.ParseTracking accepts is the check character.
func (g *history) trackingCode() (string, error) {
	for {
		var b [9]byte
		for i := range 8 {
			b[i] = trackingAlphabet[g.rng.IntN(len(trackingAlphabet))]
		}
		id := ""
		for _, c := range []byte(trackingAlphabet) {
			b[8] = c
			if t, err := report.ParseTracking(string(b[:])); err == nil {
				id = t.String()
				break
			}
		}
		if id == "" {
			return "", errors.New("history: no check character fits a tracking code")
		}
		if _, dup := g.ids[id]; !dup {
			g.ids[id] = struct{}{}
			return id, nil
		}
	}
}

// problems holds what residents write, per default category (config's list);
// other categories borrow 其他. Several per category so lists look varied.
var problems = map[string][]string{
	"市容环境": {"小区门口垃圾桶满了好几天没人清运，味道很大", "垃圾分类点的垃圾满溢出来了，流得路上都是",
		"绿化带里堆了一堆建筑垃圾，也不知道谁倒的", "楼下墙上贴满了小广告，撕了又贴", "河边有人乱扔垃圾，水面上漂着塑料袋"},
	"道路交通": {"路灯不亮好几天了，晚上一片黑，老人走路不安全", "人行道上长期违章停车，推婴儿车都过不去",
		"路面有个大坑，下雨就积水，电动车差点摔了", "共享单车把公交站台堵满了", "红绿灯坏了，路口车很乱"},
	"安全隐患": {"井盖松动，一边翘起来了，怕有人踩空", "楼道里堆了很多杂物，还有人把电动车推进楼道充电",
		"消防通道被私家车堵住了，好几天都没挪", "小区健身器材螺丝松了，孩子玩很危险", "外墙有块瓷砖快掉了，下面就是人行道"},
	"噪音扰民": {"楼上装修每天早上七点就开始打电钻", "晚上广场舞音响太大，十点多还没停",
		"附近工地半夜还在施工，吵得睡不着", "楼下烧烤店凌晨一两点还很吵"},
	"物业服务": {"电梯坏了三天了还没修，老人上下楼很困难", "楼道灯坏了很久，跟物业说了好几次没人来",
		"小区门禁坏了，外人随便进出", "地下车库漏水，物业说不归他们管"},
	"其他": {"小区里流浪狗越来越多，晚上追着人叫", "公交站的座椅坏了，一直没人管",
		"有人在小区空地上私自种菜，还泼粪水", "宣传栏玻璃碎了，碎片还在地上"},
}

// suffixes are what residents add to a description, often nothing.
var suffixes = []string{"", "", "", "", "，麻烦尽快处理，谢谢！", "。已经反映过一次了，还是没解决", "，希望有关部门管一管", "，请尽快派人来看看！"}

// categoryWeight makes the common complaints common: city appearance and
// property management fill most of a centre's queue.
func categoryWeight(name string) float64 {
	switch name {
	case "市容环境":
		return 3
	case "道路交通", "物业服务":
		return 2
	case "噪音扰民":
		return 1.5
	}
	return 1
}

func (g *history) description(category string) string {
	ps, ok := problems[category]
	if !ok {
		ps = problems["其他"]
	}
	return ps[g.rng.IntN(len(ps))] + pick(g.rng, suffixes)
}

// places are the landmarks residents give when they give no building number.
var places = []string{"小区东门", "南门口", "地下车库入口", "菜市场旁边", "幼儿园门口", "篮球场边上"}

func (g *history) location() string {
	switch v := g.rng.Float64(); {
	case v < 0.45:
		return fmt.Sprintf("%d号楼%d单元", 1+g.rng.IntN(24), 1+g.rng.IntN(4))
	case v < 0.55:
		return fmt.Sprintf("%d号楼%d单元%d室", 1+g.rng.IntN(24), 1+g.rng.IntN(4), 100*(1+g.rng.IntN(18))+1+g.rng.IntN(4))
	case v < 0.75:
		return pick(g.rng, places)
	}
	return ""
}

var (
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡"}
	given    = []string{"先生", "女士", "阿姨", "师傅", "建国", "秀英", "丽", "伟", "芳", "强", "敏", "静"}
	prefixes = []string{"13", "15", "18"}
)

// contact leaves about half the reports anonymous, as residents do.
func (g *history) contact() report.Contact {
	if g.rng.IntN(2) == 0 {
		return report.Contact{}
	}
	return report.Contact{
		Name:  pick(g.rng, surnames) + pick(g.rng, given),
		Phone: fmt.Sprintf("%s%d%08d", pick(g.rng, prefixes), g.rng.IntN(10), g.rng.IntN(100_000_000)),
	}
}

// submissionTimes draws N instants over [From, Now) by rejection: a uniform
// draw survives with the busyness of its hour, so the shape needs no tables
// of counts per day.
func (g *history) submissionTimes() []time.Time {
	from := g.p.From.In(g.loc).Truncate(time.Second)
	span := int64(g.now.Sub(from) / time.Second)
	out := make([]time.Time, 0, g.p.N)
	for len(out) < g.p.N {
		t := from.Add(time.Duration(g.rng.Int64N(span)) * time.Second)
		if g.rng.Float64() < g.busyness(t) {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, time.Time.Compare)
	return out
}

// hourWeight is how busy each local hour is, from 0 (midnight) to 23.
var hourWeight = [24]float64{0.08, 0.05, 0.03, 0.03, 0.04, 0.1, 0.25, 0.55, 0.9, 1, 1, 0.95,
	0.7, 0.75, 0.95, 1, 1, 0.95, 0.9, 0.85, 0.7, 0.5, 0.3, 0.15}

func (g *history) busyness(t time.Time) float64 {
	lt := t.In(g.loc)
	w := hourWeight[lt.Hour()]
	if d := lt.Weekday(); d == time.Saturday || d == time.Sunday {
		w *= 0.65
	}
	return w
}

func (g *history) weighted(ws []float64) int {
	var sum float64
	for _, w := range ws {
		sum += w
	}
	v := g.rng.Float64() * sum
	for i, w := range ws {
		if v < w {
			return i
		}
		v -= w
	}
	return len(ws) - 1
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }
