// Package view names the formats in which the views of a report (the
// table, the comparison, the card, the charts, the HTML page) are
// written: one Format type for all of them, each view listing the ones it
// writes as a Set.
package view

import (
	"fmt"
	"path/filepath"
	"strings"
)

// A Format is what a view is written as.
type Format string

// The formats.
const (
	Text     Format = "text"     // aligned for a terminal
	Markdown Format = "markdown" // pastes into a README
	CSV      Format = "csv"      // plain numbers for spreadsheets
	JSON     Format = "json"     // everything, for programs
	HTML     Format = "html"     // one self-contained page
	SVG      Format = "svg"      // a picture that scales
	PNG      Format = "png"      // a picture in pixels
)

// exts are the file-name extensions of the formats, the usual one first.
var exts = map[Format][]string{
	Text: {".txt"}, Markdown: {".md", ".markdown"}, CSV: {".csv"}, JSON: {".json"},
	HTML: {".html", ".htm"}, SVG: {".svg"}, PNG: {".png"},
}

// Ext is the usual file-name extension of a file in format f: ".txt",
// ".md", ".svg"; "" for an unknown format.
func (f Format) Ext() string {
	if e := exts[f]; len(e) > 0 {
		return e[0]
	}
	return ""
}

// A Set lists the formats a view writes, in the order it names them.
type Set []Format

// Has reports whether f is one of s.
func (s Set) Has(f Format) bool {
	for _, g := range s {
		if g == f {
			return true
		}
	}
	return false
}

// String names the formats of s: "text, markdown, csv, json".
func (s Set) String() string {
	names := make([]string, len(s))
	for i, f := range s {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// Check returns an error naming the formats of s if f is not one:
// `unknown format "yaml" (want text, markdown, csv, json)`.
func (s Set) Check(f Format) error {
	if s.Has(f) {
		return nil
	}
	return fmt.Errorf("unknown format %q (want %s)", f, s)
}

// ByExt is the format of s whose extension the file name ends in,
// whatever its case (".MD" is Markdown); false when none has it.
func (s Set) ByExt(name string) (Format, bool) {
	ext := strings.ToLower(filepath.Ext(name))
	for _, f := range s {
		for _, e := range exts[f] {
			if e == ext {
				return f, true
			}
		}
	}
	return "", false
}
