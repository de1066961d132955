package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"gridline/auth"
	"gridline/store"
)

// seedStreet is a street or town and its communities.
type seedStreet struct {
	name        string
	communities []string
}

// seedPlaces are the streets and communities a seeded history happens in:
// four streets of five, after the towns of the seed's news report.
func seedPlaces() []seedStreet {
	return []seedStreet{
		{"北山口镇", []string{"春和社区", "桃花峪村", "北山口村", "石榴园社区", "东山社区"}},
		{"紫荆山街道", []string{"南关社区", "北关社区", "顺河社区", "民主路社区", "紫东社区"}},
		{"河洛镇", []string{"河洛社区", "石关村", "神北村", "南河渡村", "寺沟村"}},
		{"站街镇", []string{"站街社区", "老城社区", "西站社区", "南站社区", "东站社区"}},
	}
}

// seedBatch is how many reports are imported at once: enough to write each
// tally and day bucket a few times, little enough to keep memory small.
const seedBatch = 5000

// Seed generates a lived-in history of n reports through the store's own
// import (gridline seed --reports N): the places and staff accounts it needs
// are made when absent, so running it again adds N more reports to them.
func Seed(ctx context.Context, st *store.Store, hasher auth.Hasher, zone *time.Location, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	n := fs.Int("reports", 1000, "how many reports to add")
	perDay := fs.Int("per-day", 100, "reports a day the centre receives: sets how far back the history goes (at least 30 days)")
	seed := fs.Uint64("seed", uint64(time.Now().UnixNano()), "random seed, for a history that can be made again")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n < 1 || *n > 2_000_000 || *perDay < 1 {
		return errors.New("seed: --reports must be 1 to 2,000,000 and --per-day at least 1")
	}
	return seedHistory(ctx, st, hasher, zone, *n, *perDay, *seed, stdout)
}

func seedHistory(ctx context.Context, st *store.Store, hasher auth.Hasher, zone *time.Location, n, perDay int, seed uint64, stdout io.Writer) error {
	plan, err := seedPlan(ctx, st, hasher)
	if err != nil {
		return err
	}
	span := max(30*24*time.Hour, time.Duration(n/perDay)*24*time.Hour)
	plan.Now, plan.Zone = st.Now(), zone
	plan.From, plan.N = plan.Now.Add(-span), n
	// The stream also depends on how many reports there are already, so that
	// running the same --seed again adds new reports rather than the same ones.
	counts, err := st.CountByStatus(ctx, store.Inbox{})
	if err != nil {
		return err
	}
	stored := 0
	for _, n := range counts {
		stored += n
	}
	start := time.Now()
	rs, err := GenerateHistory(rand.New(rand.NewPCG(seed, uint64(stored)^0x9e3779b97f4a7c15)), plan)
	if err != nil {
		return err
	}
	for i := 0; i < len(rs); i += seedBatch {
		if err := st.ImportReports(ctx, rs[i:min(i+seedBatch, len(rs))]); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "seeded %d of %d reports (%s)\n", min(i+seedBatch, len(rs)), len(rs), time.Since(start).Round(time.Second))
	}
	open := 0
	for _, r := range rs {
		if r.Status.Open() {
			open++
		}
	}
	fmt.Fprintf(stdout, "seeded %d reports from %s to %s in %d communities, %d still open (%s)\n",
		len(rs), plan.From.In(zone).Format(time.DateOnly), plan.Now.In(zone).Format(time.DateOnly),
		len(plan.Communities), open, time.Since(start).Round(time.Millisecond))
	return nil
}

// seedPlan makes the seed's places and accounts when absent and says who
// works where. The accounts get random passwords nobody is told: they are
// the history's actors; an admin can add real ones.
func seedPlan(ctx context.Context, st *store.Store, hasher auth.Hasher) (HistoryPlan, error) {
	plan := HistoryPlan{Workers: map[string][]string{}, Operators: map[string]string{}}
	cats, err := st.Categories(ctx)
	if err != nil {
		return plan, err
	}
	plan.Categories = cats
	for n, street := range seedPlaces() {
		op := fmt.Sprintf("operator%d", n+1)
		if err := ensureUser(ctx, st, hasher, auth.User{Username: op, Role: auth.Operator, Street: street.name}); err != nil {
			return plan, err
		}
		plan.Operators[street.name] = op
		for i, name := range street.communities {
			c, err := st.FindCommunity(ctx, street.name, name)
			if errors.Is(err, store.ErrNotFound) {
				c, err = st.CreateCommunity(ctx, name, street.name)
			}
			if err != nil {
				return plan, err
			}
			worker := fmt.Sprintf("worker%d%d", n+1, i+1)
			if err := ensureUser(ctx, st, hasher, auth.User{Username: worker, Role: auth.Worker, Communities: []string{c.Code}}); err != nil {
				return plan, err
			}
			plan.Communities = append(plan.Communities, c)
			plan.Workers[c.Code] = []string{worker}
		}
	}
	return plan, nil
}

// ensureUser creates u with a random password unless the name is taken.
func ensureUser(ctx context.Context, st *store.Store, hasher auth.Hasher, u auth.User) error {
	if _, err := st.User(ctx, u.Username); err == nil || !errors.Is(err, store.ErrNotFound) {
		return err
	}
	password, err := auth.NewPassword()
	if err != nil {
		return err
	}
	if u.Hash, err = hasher.Hash(password); err != nil {
		return err
	}
	return st.CreateUser(ctx, u)
}
