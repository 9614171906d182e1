package noise

// Temporary stand-in until the noise monitor lands.
type Sample struct{}

func Parse(string) (Sample, error)    { return Sample{}, nil }
func (Sample) Interference() []string { return nil }
