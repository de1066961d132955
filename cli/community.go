// Package cli holds Gridline's command-line subcommands, used by scripts,
// tests and administrators: they work on the same database as the server,
// whether or not the server is running.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"gridline/store"
)

// Community runs "community add" and "community list".
func Community(ctx context.Context, st *store.Store, baseURL string, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: gridline community add --name NAME --street STREET | community list")
	}
	switch args[0] {
	case "add":
		return communityAdd(ctx, st, baseURL, args[1:], stdout)
	case "list":
		return communityList(ctx, st, baseURL, stdout)
	}
	return fmt.Errorf("community: unknown command %q (want add or list)", args[0])
}

// communityAdd prints the new community's code alone on the last line, for scripts.
func communityAdd(ctx context.Context, st *store.Store, baseURL string, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("community add", flag.ContinueOnError)
	name := fs.String("name", "", "community name (社区/村), e.g. 春和社区")
	street := fs.String("street", "", "street or town (街道/镇), e.g. 北山口镇")
	if err := fs.Parse(args); err != nil {
		return err
	}
	n, s := strings.TrimSpace(*name), strings.TrimSpace(*street)
	if err := checkName("--name", n); err != nil {
		return err
	}
	if err := checkName("--street", s); err != nil {
		return err
	}
	c, err := st.CreateCommunity(ctx, n, s)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s / %s, form %s\n%s\n", c.Street, c.Name, c.FormURL(baseURL), c.Code)
	return nil
}

func communityList(ctx context.Context, st *store.Store, baseURL string, stdout io.Writer) error {
	cs, err := st.Communities(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "CODE\tSTREET\tNAME\tFORM URL")
	for _, c := range cs {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", c.Code, c.Street, c.Name, c.FormURL(baseURL))
	}
	return w.Flush()
}

func checkName(flagName, v string) error {
	switch {
	case v == "":
		return fmt.Errorf("%s is required", flagName)
	case !utf8.ValidString(v) || utf8.RuneCountInString(v) > 40:
		return fmt.Errorf("%s must be valid text of at most 40 characters", flagName)
	case strings.ContainsAny(v, "\t\n\r"):
		return fmt.Errorf("%s must be one line", flagName)
	}
	return nil
}
