package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"gridline/auth"
	"gridline/store"
)

// User runs "user add": the password comes from the first line of stdin, or
// is generated and printed when stdin is empty.
func User(ctx context.Context, st *store.Store, hasher auth.Hasher, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return errors.New("usage: gridline user add --username NAME --role admin|operator|worker [--street S] [--community CODE ...] < password")
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	var u auth.User
	fs.StringVar(&u.Username, "username", "", "login name (letters, digits, . - _)")
	role := fs.String("role", "", "admin, operator or worker")
	fs.StringVar(&u.Street, "street", "", "operators: the street (街道/镇) they serve")
	fs.Func("community", "workers: a community code they serve (repeat for several)", func(v string) error {
		u.Communities = append(u.Communities, strings.ToUpper(strings.TrimSpace(v)))
		return nil
	})
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	u.Role = auth.Role(*role)
	if msg := auth.CheckUser(u); msg != "" {
		return fmt.Errorf("user add: %s (see --help)", strings.TrimPrefix(msg, "admin."))
	}
	for _, code := range u.Communities {
		if _, err := st.Community(ctx, code); err != nil {
			return fmt.Errorf("user add: --community %s: %w", code, err)
		}
	}
	password, generated, err := readPassword(stdin)
	if err != nil {
		return err
	}
	if u.Hash, err = hasher.Hash(password); err != nil {
		return err
	}
	if err := st.CreateUser(ctx, u); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s (%s)\n", u.Username, u.Role)
	if generated {
		fmt.Fprintf(stdout, "password: %s\n", password)
	}
	return nil
}

func readPassword(stdin io.Reader) (string, bool, error) {
	if stdin != nil {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", false, fmt.Errorf("read password: %w", err)
		}
		if line = strings.TrimRight(line, "\r\n"); line != "" {
			return line, false, nil
		}
	}
	p, err := auth.NewPassword()
	return p, true, err
}
