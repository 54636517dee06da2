// Package version names the suite's version, recorded in reports and
// certificates so a verdict can be traced to the specs that produced it.
package version

// Suite is the version of the conformance suite: bump it when specs or
// verdict rules change in a way that changes what a certificate means.
const Suite = "0.1.0"
