package netphys

import "fmt"

// Framing is the per-frame overhead of sending a TCP payload over Ethernet,
// in bytes. Everything in it occupies the wire: a link's bit rate is spent
// on it as much as on the payload.
type Framing struct {
	MTU       int // largest IP packet per frame
	TCPHeader int // TCP header including options
	IPHeader  int // IPv4 or IPv6 header
	EthHeader int // destination, source, EtherType (+4 per VLAN tag)
	FCS       int // frame check sequence
	Preamble  int // preamble and start-of-frame delimiter
	Gap       int // minimum inter-frame gap
	MinFrame  int // shortest frame, header to FCS; shorter ones are padded
}

// TCPv4 is the framing of a Linux TCP segment over IPv4 on untagged
// Ethernet with the standard 1500-byte MTU (IEEE 802.3; RFC 791, RFC 9293).
//
// Note: the TCP header is 20 bytes plus the 12-byte timestamp option
// (RFC 7323), which Linux sends on every segment by default
// (net.ipv4.tcp_timestamps=1).
var TCPv4 = Framing{
	MTU:       1500,
	TCPHeader: 20 + 12,
	IPHeader:  20,
	EthHeader: 14,
	FCS:       4,
	Preamble:  8,
	Gap:       12,
	MinFrame:  64,
}

// MSS is the TCP payload that fits in one frame.
func (f Framing) MSS() int { return f.MTU - f.IPHeader - f.TCPHeader }

// WireBytes is the number of byte times that sending payload bytes as TCP
// segments of at most MSS bytes takes on the wire, framing included.
func (f Framing) WireBytes(payload int) int {
	mss := f.MSS()
	total := 0
	for payload > 0 || total == 0 {
		seg := min(payload, mss)
		frame := max(f.EthHeader+f.IPHeader+f.TCPHeader+seg+f.FCS, f.MinFrame)
		total += f.Preamble + frame + f.Gap
		payload -= seg
	}
	return total
}

// SerializationNS is the time in nanoseconds to clock payload bytes, as
// TCP/IP over Ethernet with framing f, onto a link of bitsPerSecond: the
// "send 1 KB over 1 Gbps" figure of the guide. It is wire time only: no
// propagation, no switch, no host stack.
func SerializationNS(f Framing, payload int, bitsPerSecond float64) float64 {
	return float64(f.WireBytes(payload)) * 8 / bitsPerSecond * 1e9
}

// PayloadBytes is the payload of the guide's "send 1 KB" row.
//
// Note: the guide's "1 KB" is taken as 1 KiB, the size the measured
// loopback stream sends; 1000 bytes would be 2.2 % less wire time.
const PayloadBytes = 1024

// Send1KB gives the computed wire time of PayloadBytes at gbps Gbit/s with
// a note spelling out the framing.
func Send1KB(gbps float64) (ns float64, note string) {
	f := TCPv4
	wire := f.WireBytes(PayloadBytes)
	ns = SerializationNS(f, PayloadBytes, gbps*1e9)
	note = fmt.Sprintf("computed wire time, one way: %d B payload in one TCP/IPv4 segment = %d B on the wire (TCP %d incl. timestamps, IP %d, Ethernet %d+%d FCS, preamble %d, gap %d) at %g Gbit/s; no propagation or host stack",
		PayloadBytes, wire, f.TCPHeader, f.IPHeader, f.EthHeader, f.FCS, f.Preamble, f.Gap, gbps)
	return ns, note
}
