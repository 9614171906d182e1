package memory

import "os"

// profile is the run profile the runner passes (test, quick, default).
func profile() string { return os.Getenv("LATENCY_PROFILE") }
