package refserver

import "strings"

// freeEditionFull reports whether registering adding more users would pass
// the free edition's user quota (Limits.FreeEditionUsers; 0 is no quota).
// s.mu is held.
func (s *Server) freeEditionFull(adding int) bool {
	q := s.opts.Limits.FreeEditionUsers
	return q > 0 && adding > 0 && len(s.app.users)+adding > q
}

// countNew is how many distinct users of regs do not exist yet.
func countNew(users map[string]*user, regs []registration) int {
	seen := map[string]bool{}
	for _, r := range regs {
		key := strings.ToLower(*r.Username)
		if users[key] == nil && !seen[key] {
			seen[key] = true
		}
	}
	return len(seen)
}
