package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// These tests hold the two maps of the tree to the tree: the README's layout
// and docs/ARCHITECTURE.md's list of packages in import order.

// codeBlock returns the lines of the first fenced block after heading in a
// Markdown file.
func codeBlock(t *testing.T, file, heading string) []string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "\n"+heading+"\n")
	if !ok {
		t.Fatalf("%s has no heading %q", file, heading)
	}
	_, rest, _ = strings.Cut(rest, "```\n")
	block, _, ok := strings.Cut(rest, "```\n")
	if !ok {
		t.Fatalf("%s: no code block after %q", file, heading)
	}
	return strings.Split(strings.TrimSpace(block), "\n")
}

// TestReadmeLayoutMatchesTree: every entry of the README's layout exists, and
// every top-level directory and Go file (tests aside) of the repository is in it.
func TestReadmeLayoutMatchesTree(t *testing.T) {
	listed := map[string]bool{}
	for _, line := range codeBlock(t, "README.md", "## Architecture") {
		for name := range strings.SplitSeq(strings.Fields(line)[0], ",") {
			name = strings.TrimSuffix(name, "/")
			listed[name] = true
			if _, err := os.Stat(name); err != nil {
				t.Errorf("the README lists %s, which does not exist", name)
			}
		}
	}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		ignored := strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") ||
			slices.Contains([]string{"data", "out", "tmp"}, name)
		goFile := strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")
		if (e.IsDir() && !ignored || goFile) && !listed[name] && !listedUnder(listed, name) {
			t.Errorf("%s is not in the README's layout", name)
		}
	}
}

// listedUnder reports whether a subdirectory of dir is listed (cmd/loadgen
// stands for cmd).
func listedUnder(listed map[string]bool, dir string) bool {
	for name := range listed {
		if strings.HasPrefix(name, dir+"/") {
			return true
		}
	}
	return false
}

// TestImportsPointDown: each package imports only packages listed below its
// own line in docs/ARCHITECTURE.md, and every package is listed.
func TestImportsPointDown(t *testing.T) {
	rank := map[string]int{} // directory → line
	for i, line := range codeBlock(t, filepath.Join("docs", "ARCHITECTURE.md"), "## Packages and their direction") {
		for _, field := range strings.Fields(line) {
			if !strings.HasSuffix(field, ",") && !strings.HasSuffix(field, "/") && !strings.HasSuffix(field, ".go") {
				break
			}
			dir := strings.TrimSuffix(strings.TrimSuffix(field, ","), "/")
			if strings.HasSuffix(dir, ".go") {
				dir = "."
			}
			rank[dir] = i
		}
	}
	for dir, imports := range gridlineImports(t) {
		unit := listedAs(rank, dir)
		if unit == "" {
			t.Errorf("package %s is not in docs/ARCHITECTURE.md's list", dir)
			continue
		}
		for _, imp := range imports {
			if to := listedAs(rank, imp); to != unit && rank[to] <= rank[unit] {
				t.Errorf("%s imports %s, which is not below it in docs/ARCHITECTURE.md", dir, imp)
			}
		}
	}
}

// listedAs is the listed directory dir belongs to: itself, or the nearest
// listed parent (poster/font is part of poster).
func listedAs(rank map[string]int, dir string) string {
	for ; dir != "." && dir != "/"; dir = filepath.Dir(dir) {
		if _, ok := rank[dir]; ok {
			return dir
		}
	}
	if _, ok := rank["."]; ok && dir == "." {
		return "."
	}
	return ""
}

// gridlineImports maps each package directory (outside cmd/ and bench/,
// which are tools) to the gridline packages its non-test files import.
func gridlineImports(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "." && (strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_") ||
			slices.Contains([]string{"cmd", "bench", "data", "out", "tmp", "testdata"}, d.Name())) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		for _, imp := range f.Imports {
			if p, ok := strings.CutPrefix(strings.Trim(imp.Path.Value, `"`), "gridline/"); ok && !slices.Contains(out[dir], p) {
				out[dir] = append(out[dir], p)
			}
		}
		if _, ok := out[dir]; !ok {
			out[dir] = nil
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
