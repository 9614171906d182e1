package view

import "testing"

func TestSet(t *testing.T) {
	s := Set{Text, Markdown, SVG, PNG}
	if got, want := s.String(), "text, markdown, svg, png"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if err := s.Check(Markdown); err != nil {
		t.Errorf("Check(markdown) = %v, want nil", err)
	}
	if err, want := s.Check("csv"), `unknown format "csv" (want text, markdown, svg, png)`; err == nil || err.Error() != want {
		t.Errorf("Check(csv) = %v, want %s", err, want)
	}
}

func TestByExt(t *testing.T) {
	s := Set{Text, Markdown, SVG, PNG}
	for _, tc := range []struct {
		name, file string
		want       Format
		ok         bool
	}{
		{"text", "card.txt", Text, true},
		{"markdown", "card.md", Markdown, true},
		{"long markdown", "card.markdown", Markdown, true},
		{"upper case", "CARD.PNG", PNG, true},
		{"a path", "out.d/card.svg", SVG, true},
		{"not in the set", "card.csv", "", false},
		{"no extension", "card", "", false},
		{"unknown", "card.gif", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := s.ByExt(tc.file)
			if got != tc.want || ok != tc.ok {
				t.Errorf("ByExt(%q) = %q, %v, want %q, %v", tc.file, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestExt(t *testing.T) {
	for f, want := range map[Format]string{Text: ".txt", Markdown: ".md", SVG: ".svg", PNG: ".png", "gif": ""} {
		if got := f.Ext(); got != want {
			t.Errorf("%q.Ext() = %q, want %q", f, got, want)
		}
	}
}
