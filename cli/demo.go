package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"gridline/store"
)

// demoCommunities are the examples -demo creates, from the seed's news report.
func demoCommunities() [][2]string {
	return [][2]string{{"北山口镇", "春和社区"}, {"北山口镇", "桃花峪村"}}
}

// Demo creates the example communities if absent and prints their addresses.
func Demo(ctx context.Context, st *store.Store, baseURL string, stdout io.Writer) error {
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
