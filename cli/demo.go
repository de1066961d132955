package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"gridline/auth"
	"gridline/store"
)

// demoCommunities are the examples -demo creates, from the seed's news report.
func demoCommunities() [][2]string {
	return [][2]string{{"北山口镇", "春和社区"}, {"北山口镇", "桃花峪村"}}
}

// demoReports is the history -demo seeds once, so a newcomer's console and
// statistics show real-looking numbers.
const demoReports = 1500

// Demo creates the example communities if absent, seeds a small history the
// first time, and prints the addresses.
func Demo(ctx context.Context, st *store.Store, hasher auth.Hasher, zone *time.Location, baseURL string, stdout io.Writer) error {
	seeded, err := st.Watermark(ctx, "demo_seeded")
	if err != nil {
		return err
	}
	if seeded.IsZero() {
		if err := seedHistory(ctx, st, hasher, zone, demoReports, 25, uint64(time.Now().UnixNano()), stdout); err != nil {
			return err
		}
		if err := st.SetWatermark(ctx, "demo_seeded", st.Now()); err != nil {
			return err
		}
	}
	for _, d := range demoCommunities() {
		c, err := st.FindCommunity(ctx, d[0], d[1])
		if errors.Is(err, store.ErrNotFound) {
			c, err = st.CreateCommunity(ctx, d[1], d[0])
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "demo community %s / %s\n  form: %s\n  QR:   %s/qr.png\n",
			c.Street, c.Name, c.FormURL(baseURL), c.FormURL(baseURL))
	}
	fmt.Fprintf(stdout, "staff console: %s/admin/login (first create an admin, in another terminal:\n"+
		"  echo 'a-long-password' | go run . user add --username admin --role admin)\n", baseURL)
	return nil
}
