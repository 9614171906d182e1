package textwidth

import (
	"strings"
	"testing"
)

func TestWidth(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"76.8 µs", 7},
		{"2 × 3 ± 1 – 4", 13},
		{"生命", 4},
		{"e\u0301", 1}, // a combining accent takes no column
	} {
		if got := Width(tc.s); got != tc.want {
			t.Errorf("Width(%q): got %d, want %d", tc.s, got, tc.want)
		}
	}
}

func TestFit(t *testing.T) {
	for _, tc := range []struct {
		name, s string
		width   int
		want    string
	}{
		{"fits", "76.8 µs", 7, "76.8 µs"},
		{"cut", "76.8 µs", 6, "76.8…"},
		{"micro counts one", "µµµµµ", 4, "µµµ…"},
		{"wide runes", "生命生命", 5, "生命…"},
		{"wide rune does not split", "生命生命", 4, "生…"},
		{"one column", "abc", 1, "…"},
		{"none", "abc", 0, ""},
		{"empty", "", 3, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Fit(tc.s, tc.width)
			if got != tc.want {
				t.Errorf("Fit(%q, %d): got %q, want %q", tc.s, tc.width, got, tc.want)
			}
			if tc.width > 0 && Width(got) > tc.width {
				t.Errorf("Fit(%q, %d) = %q is %d columns wide", tc.s, tc.width, got, Width(got))
			}
		})
	}
}

func TestCut(t *testing.T) {
	for _, tc := range []struct {
		s     string
		width int
		want  string
	}{
		{"abcdef", 4, "abcd"},
		{"±±±", 2, "±±"},
		{"生命", 3, "生"},
		{"生命", 1, "生"}, // at least one rune
		{"", 3, ""},
	} {
		if got := Cut(tc.s, tc.width); got != tc.want {
			t.Errorf("Cut(%q, %d): got %q, want %q", tc.s, tc.width, got, tc.want)
		}
	}
}

func TestPad(t *testing.T) {
	for _, tc := range []struct {
		s, left, right string
	}{
		{"µs", "   µs", "µs   "},
		{"生", "   生", "生   "},
		{"123456", "123456", "123456"},
	} {
		if got := PadLeft(tc.s, 5); got != tc.left {
			t.Errorf("PadLeft(%q, 5): got %q, want %q", tc.s, got, tc.left)
		}
		if got := PadRight(tc.s, 5); got != tc.right {
			t.Errorf("PadRight(%q, 5): got %q, want %q", tc.s, got, tc.right)
		}
	}
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		name, s string
		width   int
		want    []string
	}{
		{"fits", "a b c", 5, []string{"a b c"}},
		{"at spaces", "one two three", 7, []string{"one two", "three"}},
		{"spaces collapse", "  one \t two  ", 20, []string{"one two"}},
		{"long word cut", "ab abcdefgh cd", 4, []string{"ab", "abcd", "efgh", "cd"}},
		{"long word's tail takes words", "abcdef g", 4, []string{"abcd", "ef g"}},
		{"long word after a short one", "a bcdefg", 3, []string{"a", "bcd", "efg"}},
		{"wide runes then a word", "生命生命 x", 4, []string{"生命", "生命", "x"}},
		{"units count as one column", "12.3 µs × 2", 11, []string{"12.3 µs × 2"}},
		{"wide runes cut whole", "生命生命生", 5, []string{"生命", "生命", "生"}},
		{"micro", "1 µs 2 µs 3 µs", 9, []string{"1 µs 2 µs", "3 µs"}},
		{"empty", "", 5, []string{""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Wrap(tc.s, tc.width)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("Wrap(%q, %d): got %q, want %q", tc.s, tc.width, got, tc.want)
			}
			for _, l := range got {
				if Width(l) > tc.width {
					t.Errorf("line %q is %d columns wide, more than %d", l, Width(l), tc.width)
				}
			}
		})
	}
}

func TestWrapHang(t *testing.T) {
	for _, tc := range []struct {
		name, s, first, hang string
		width                int
		want                 []string
	}{
		{"hang", "one two three four", "", "  ", 9, []string{"one two", "  three", "  four"}},
		{"numbered", "one two three four", "[1] ", "    ", 12, []string{"[1] one two", "    three", "    four"}},
		{"first wider", "aaa bbb ccc", "key:   ", "  ", 12, []string{"key:   aaa", "  bbb ccc"}},
		{"empty", "", "[2] ", "    ", 10, []string{"[2]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := WrapHang(tc.s, tc.width, tc.first, tc.hang)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			for _, l := range got {
				if Width(l) > tc.width {
					t.Errorf("line %q is %d columns wide, more than %d", l, Width(l), tc.width)
				}
			}
		})
	}
}
