package config

import (
	"crypto/tls"
	"crypto/x509"
	"os"
	"strings"
)

// TLS is how the suite trusts an https target: staging servers often use a
// certificate from an internal CA.
type TLS struct {
	// CAFile is a PEM bundle of CA certificates trusted besides the
	// system's; relative paths are taken from the repository root.
	CAFile string
	// InsecureSkipVerify accepts any certificate: unsafe, since anyone on
	// the path can then read the credentials; for a throwaway test server.
	InsecureSkipVerify bool
}

var tlsSettings = []setting{
	{"IMCONF_CA_FILE", "ca_file", "a PEM file of the CA certificates that signed the target's certificate", str(func(c *Config) *string { return &c.CAFile })},
	{"IMCONF_INSECURE_SKIP_VERIFY", "insecure_skip_verify", "true to accept any certificate (unsafe: credentials can be read by anyone on the path)", boolSetting(func(c *Config) *bool { return &c.InsecureSkipVerify })},
}

func init() { settings = append(settings, tlsSettings...) }

// LoadCAFile reads a PEM bundle of CA certificates; errors are one line.
func LoadCAFile(path string) (*x509.CertPool, error) {
	data, err := os.ReadFile(FromRoot(path))
	if err != nil {
		return nil, errorf("IMCONF_CA_FILE=%s cannot be read (%v); point it at the PEM file of your CA's certificate", path, unwrapPathError(err))
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		return nil, errorf("IMCONF_CA_FILE=%s holds no PEM certificate (-----BEGIN CERTIFICATE-----); point it at the PEM file of your CA's certificate", path)
	}
	return pool, nil
}

// ClientTLS is the TLS configuration of the suite's requests: nil for the
// Go defaults (the system's CAs).
func (t TLS) ClientTLS() (*tls.Config, error) {
	if t.CAFile == "" && !t.InsecureSkipVerify {
		return nil, nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: t.InsecureSkipVerify}
	if t.CAFile != "" {
		pool, err := LoadCAFile(t.CAFile)
		if err != nil {
			return nil, err
		}
		cfg.RootCAs = pool
	}
	return cfg, nil
}

func (c Config) validateTLS() error {
	if c.CAFile == "" && !c.InsecureSkipVerify {
		return nil
	}
	if !strings.HasPrefix(strings.ToLower(c.BaseURL), "https://") {
		return errorf("IMCONF_CA_FILE/IMCONF_INSECURE_SKIP_VERIFY are set but IMCONF_BASE_URL=%q is not https; use the https URL of the target, or unset them", c.BaseURL)
	}
	if c.CAFile != "" && c.InsecureSkipVerify {
		return errorf("IMCONF_CA_FILE and IMCONF_INSECURE_SKIP_VERIFY are both set; a CA file verifies the target, skipping verification ignores it: set one")
	}
	_, err := c.ClientTLS()
	return err
}
