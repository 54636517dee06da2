package config

import (
	"os"
	"path/filepath"
	"testing"
)

func TestExpectationsPathFromEnvironmentOrFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "imconform.yaml")
	os.WriteFile(file, []byte("expectations: deviations.yaml\n"), 0o644)
	env := map[string]string{"IMCONF_CONFIG": file}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	c, err := LoadFrom(lookup)
	if err != nil || c.Expectations != "deviations.yaml" {
		t.Fatalf("from the file: %q, %v", c.Expectations, err)
	}
	env["IMCONF_EXPECTATIONS"] = "/etc/other.yaml"
	if c, err = LoadFrom(lookup); err != nil || c.Expectations != "/etc/other.yaml" {
		t.Fatalf("the environment does not win: %q, %v", c.Expectations, err)
	}
}

func TestFromRootTakesRelativePathsFromTheRepositoryRoot(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if got := FromRoot("reports/out"); got != filepath.Join(root, "reports/out") {
		t.Errorf("FromRoot(reports/out) = %q, want it under %s", got, root)
	}
	if got := FromRoot("/abs/x"); got != "/abs/x" {
		t.Errorf("an absolute path changed: %q", got)
	}
	if got := FromRoot(""); got != "" {
		t.Errorf("an empty path became %q", got)
	}
}
