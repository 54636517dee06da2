package config

import (
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
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

// IntendedReportDir is the report folder a run would have used, as far as
// the environment tells even when its configuration does not load:
// IMCONF_REPORT_DIR, else report_dir of the IMCONF_CONFIG file, else the
// default. A run that cannot start clears that folder's reports, so an
// earlier run's verdict is not taken for this one's.
func IntendedReportDir(lookup func(string) (string, bool)) string {
	if v, ok := lookup("IMCONF_REPORT_DIR"); ok && strings.TrimSpace(v) != "" {
		return FromRoot(strings.TrimSpace(v))
	}
	if path, ok := lookup("IMCONF_CONFIG"); ok && strings.TrimSpace(path) != "" {
		var file struct {
			ReportDir string `yaml:"report_dir"`
		}
		if data, err := os.ReadFile(strings.TrimSpace(path)); err == nil && yaml.Unmarshal(data, &file) == nil && file.ReportDir != "" {
			return FromRoot(file.ReportDir)
		}
	}
	return FromRoot(Defaults().ReportDir)
}
