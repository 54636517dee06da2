package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/imconform/imconform/harness/profile"
	"github.com/imconform/imconform/harness/refserver"
)

// limitFlags are serve's flags that declare the limits it enforces: a
// profile file, single settings, and a switch for its rate limits.
type limitFlags struct {
	file       *string
	settings   limitFlag
	rateLimits *string
}

func addLimitFlags(fs *flag.FlagSet) *limitFlags {
	l := &limitFlags{settings: limitFlag{}}
	l.file = fs.String("profile", "", "YAML file of limits to enforce, with the settings of a target's profile (README, Target profile), e.g. api_rate_per_second: 1000")
	fs.Var(&l.settings, "limit", "enforce one limit, NAME=VALUE with a profile setting's name (e.g. free_edition_users=10000, 0 = none); repeatable, wins over --profile")
	l.rateLimits = fs.String("rate-limits", "on", "off: no call rate limit at all (no 429 reach_limit, no presence query limit), for load tests of a client")
	return l
}

// limitFlag is the repeatable --limit NAME=VALUE, in the order given.
type limitFlag [][2]string

func (l *limitFlag) String() string {
	var out []string
	for _, kv := range *l {
		out = append(out, kv[0]+"="+kv[1])
	}
	return strings.Join(out, ",")
}

func (l *limitFlag) Set(v string) error {
	name, value, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("%q is not NAME=VALUE, like api_rate_per_second=1000", v)
	}
	// Checked now, so that the error names the flag.
	var scratch profile.Profile
	if err := scratch.Set(name, value); err != nil {
		return err
	}
	*l = append(*l, [2]string{name, value})
	return nil
}

// rateSettings are the limits --rate-limits=off turns off.
var rateSettings = []string{"api_rate_per_second", "presence_queries_per_second"}

// profile is the reference's own profile with the declared limits applied:
// the file first, then each --limit, then --rate-limits.
func (l *limitFlags) profile() (profile.Profile, error) {
	p := refserver.Profile()
	if *l.file != "" {
		data, err := os.ReadFile(*l.file)
		if err != nil {
			return p, fmt.Errorf("--profile: cannot read %s (%v)", *l.file, unwrapPath(err))
		}
		if err := p.ParseYAML(data); err != nil {
			return p, fmt.Errorf("--profile %s: %v", *l.file, err)
		}
	}
	for _, kv := range l.settings {
		if err := p.Set(kv[0], kv[1]); err != nil {
			return p, fmt.Errorf("--limit %s=%s: %v", kv[0], kv[1], err)
		}
	}
	switch *l.rateLimits {
	case "on":
	case "off":
		for _, kv := range l.settings {
			if slices.Contains(rateSettings, kv[0]) && kv[1] != "0" {
				return p, fmt.Errorf("--rate-limits=off contradicts --limit %s=%s; drop one of them", kv[0], kv[1])
			}
		}
		// 0 is "no limit" to the server and "unknown" to the suite, which
		// then skips the rate-limit rows, as the profile says why.
		p.APIRatePerSecond, p.PresenceQueryRate = 0, 0
		if p.Has(profile.RateLimit) {
			p.Absent = append(p.Absent, profile.RateLimit)
		}
	default:
		return p, fmt.Errorf("--rate-limits=%s: want on or off", *l.rateLimits)
	}
	return p, nil
}
