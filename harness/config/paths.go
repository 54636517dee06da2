package config

import (
	"os"
	"path/filepath"
	"strings"
)

// ReportFolder resolves the report folder setting (see FromRoot) and creates
// the folder.
func ReportFolder(dir string) (string, error) {
	dir = FromRoot(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", errorf("IMCONF_REPORT_DIR=%s cannot be created (%v); point it at a writable folder", dir, unwrapPathError(err))
	}
	return dir, nil
}

// FromRoot resolves a path setting (report_dir, expectations): a relative
// path is taken from the repository root (the folder holding go.mod), since
// `ginkgo run` starts the suite in its own package folder, not where the
// user typed the command.
func FromRoot(path string) string {
	if path == "" || filepath.IsAbs(path) {
		return path
	}
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, path)
		}
		if filepath.Dir(d) == d {
			return filepath.Join(wd, path)
		}
	}
}

// WithoutSettings returns env (KEY=VALUE entries) without any IMCONF_
// setting: the environment of a child run that is configured from scratch,
// whatever target the caller has configured.
func WithoutSettings(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "IMCONF_") {
			out = append(out, kv)
		}
	}
	return out
}
