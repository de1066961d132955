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

const userUsage = `usage:
  gridline user add --username NAME --role admin|operator|worker [--street S] [--community CODE ...] < password
  gridline user passwd --username NAME < password`

// User runs "user add" and "user passwd": the password comes from the first
// line of stdin, or is generated and printed when stdin is empty.
func User(ctx context.Context, st *store.Store, hasher auth.Hasher, args []string, stdin io.Reader, stdout io.Writer) error {
	switch {
	case len(args) > 0 && args[0] == "add":
		return addUser(ctx, st, hasher, args[1:], stdin, stdout)
	case len(args) > 0 && args[0] == "passwd":
		return setPassword(ctx, st, hasher, args[1:], stdin, stdout)
	}
	return errors.New(userUsage)
}

// addUser creates an account.
func addUser(ctx context.Context, st *store.Store, hasher auth.Hasher, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	var u auth.User
	fs.StringVar(&u.Username, "username", "", "login name (letters, digits, . - _)")
	role := fs.String("role", "", "admin, operator or worker")
	fs.StringVar(&u.Street, "street", "", "operators: the street (街道/镇) they serve")
	fs.Func("community", "workers: a community code they serve (repeat for several)", func(v string) error {
		u.Communities = append(u.Communities, strings.ToUpper(strings.TrimSpace(v)))
		return nil
	})
	if err := fs.Parse(args); err != nil {
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

// setPassword gives an existing account a new password, for an admin who
// is locked out or a password that leaked; every session of the account ends.
func setPassword(ctx context.Context, st *store.Store, hasher auth.Hasher, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("user passwd", flag.ContinueOnError)
	username := fs.String("username", "", "the account's login name")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *username == "" || fs.NArg() > 0 {
		return errors.New(userUsage)
	}
	if _, err := st.User(ctx, *username); err != nil {
		return fmt.Errorf("user passwd: %w", err)
	}
	password, generated, err := readPassword(stdin)
	if err != nil {
		return err
	}
	hash, err := hasher.Hash(password)
	if err != nil {
		return err
	}
	if _, err := st.SetPassword(ctx, *username, hash); err != nil {
		return fmt.Errorf("user passwd: %w", err)
	}
	fmt.Fprintf(stdout, "password of %s changed; its sessions have ended\n", *username)
	if generated {
		fmt.Fprintf(stdout, "password: %s\n", password)
	}
	// "(cli)" cannot be a username, so the log cannot be read as an account's act.
	err = st.Audit(ctx, auth.AuditEntry{Actor: "(cli)", Action: "user.password_reset", Target: *username, Detail: "command line"})
	if err != nil {
		return fmt.Errorf("user passwd: the password is changed, but not in the audit log: %w", err)
	}
	return nil
}

// readPassword reads the first line of stdin, or generates a password when
// there is none.
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
