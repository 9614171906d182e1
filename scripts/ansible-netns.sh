#!/bin/sh
# ansible-netns.sh: run deploy/ansible/playbook.yml against a fleet of
# hosts that are network namespaces of this machine, then gather what it
# fetched (README: Measure a fleet).
#
#   sudo scripts/ansible-netns.sh [-n HOSTS] OUTDIR
#
# Each host h1..hN is a namespace with one address, 198.18.10.i/24 (RFC
# 2544's benchmarking range, existing only in these namespaces), on a
# bridge in a hub namespace, and its own sshd listening on that address
# only, for root with a key made for this run. Ansible runs in the hub, as
# a control machine would, and reaches the hosts over ssh as it would
# reach real ones; the sessions' PATH has no Go (checked), so the hosts run
# the static file alone. Zones: h1 and h2 in z1, h3 and h4 in z2, and so on.
#
# The run is short: the quick profile of a few fast rows (Syscall, Mutex),
# then the pairs' schedule in 1 s slots. The namespaces share one machine,
# so their figures say nothing about a fleet; the run shows that the
# playbook works.
#
# OUTDIR (which must not exist) gets results/<host>/ as the playbook
# fetched it, fleet/ from `latency gather` (a file per host, pairs.txt)
# and ansible.log. Namespaces, processes and the temporary directory are
# removed on success, failure and interrupt.
#
# Needs root, ip (iproute2), ansible-playbook (Debian: ansible or
# ansible-core), sshd (openssh-server) and ssh. LATENCY_FILE names the
# static linux file to copy; by default make dist's linux/amd64 file is
# built first (needs Go, here only). LATENCY_NETNS_ID tags the names of
# the namespaces and the temporary directory (default: this shell's pid).
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)

n=3
if [ "${1:-}" = -n ]; then
	n=$2
	shift 2
fi
case $n in '' | *[!0-9]*) n=0 ;; esac
if [ $# -ne 1 ] || [ "$n" -lt 2 ] || [ "$n" -gt 200 ]; then
	echo "usage: $0 [-n HOSTS (2-200)] OUTDIR" >&2
	exit 2
fi
out=$(realpath -m "$1")
if [ -e "$out" ]; then
	echo "ansible-netns: $out exists" >&2
	exit 1
fi
[ "$(id -u)" = 0 ] || { echo "ansible-netns: needs root to make network namespaces" >&2; exit 1; }
for c in ip ansible-playbook ssh ssh-keygen; do
	command -v $c >/dev/null || { echo "ansible-netns: no $c" >&2; exit 1; }
done
sshd=$(command -v sshd || echo /usr/sbin/sshd)
[ -x "$sshd" ] || { echo "ansible-netns: no sshd (apt-get install openssh-server)" >&2; exit 1; }

id=${LATENCY_NETNS_ID:-$$}
hub=latf-hub-$id
tmp=$(mktemp -d "${TMPDIR:-/tmp}/latency-netns-$id.XXXXXX")
made=""
ap=""
made_run_sshd=""

t0=$(date +%s)
step() { printf '%s\n' "ansible-netns: [$(($(date +%s) - t0)) s] $*" >&2; }

cleanup() {
	rc=$?
	trap - EXIT INT TERM HUP
	if [ -n "$ap" ]; then
		kill "$ap" 2>/dev/null || true
		wait "$ap" 2>/dev/null || true
	fi
	# Every process in the namespaces: sshd and its sessions, echo
	# servers, and in the hub Ansible's ssh clients.
	for sig in TERM TERM TERM KILL; do
		left=""
		for ns in $made; do
			left="$left $(ip netns pids "$ns" 2>/dev/null || true)"
		done
		[ -n "$(echo $left)" ] || break
		kill -$sig $left 2>/dev/null || true
		sleep 0.5
	done
	for ns in $made; do
		ip netns del "$ns" || rc=1
	done
	[ -z "$made_run_sshd" ] || rmdir /run/sshd 2>/dev/null || true
	rm -rf "$tmp"
	[ $rc = 0 ] || step "failed (exit $rc); namespaces and processes removed"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [ -z "${LATENCY_FILE:-}" ]; then
	step "building make dist's linux/amd64 file"
	go run ./scripts/dist -o "$tmp/dist" linux/amd64 >&2
	LATENCY_FILE=$tmp/dist/latency-linux-amd64
fi
latency=$(realpath "$LATENCY_FILE")

# The hub: a bridge, with the control machine's address.
ip netns add "$hub"
made="$hub"
ip -n "$hub" link set lo up
ip -n "$hub" link add br0 type bridge
ip -n "$hub" addr add 198.18.10.254/24 dev br0
ip -n "$hub" link set br0 up

# One host key for all, one client key; the sessions' known_hosts.
mkdir -p "$tmp/ssh" "$tmp/hosts" "$tmp/home"
ssh-keygen -q -t ed25519 -N '' -C latency-netns-host -f "$tmp/ssh/host"
ssh-keygen -q -t ed25519 -N '' -C latency-netns-control -f "$tmp/ssh/control"
cp "$tmp/ssh/control.pub" "$tmp/ssh/authorized_keys"
if [ ! -d /run/sshd ]; then # sshd's privilege separation directory
	mkdir -m 0755 /run/sshd
	made_run_sshd=1
fi

hosts_yaml=""
i=1
while [ $i -le $n ]; do
	h=h$i ns=latf-h$i-$id addr=198.18.10.$i zone=z$(((i + 1) / 2))
	ip netns add "$ns"
	made="$made $ns"
	ip link add "lfh$i-$id" netns "$ns" type veth peer name "lfb$i-$id" netns "$hub"
	ip -n "$hub" link set "lfb$i-$id" master br0
	ip -n "$hub" link set "lfb$i-$id" up
	ip -n "$ns" addr add "$addr/24" dev "lfh$i-$id"
	ip -n "$ns" link set lo up
	ip -n "$ns" link set "lfh$i-$id" up
	cat >"$tmp/ssh/sshd_config-$h" <<-EOF
		ListenAddress $addr:22
		HostKey $tmp/ssh/host
		AuthorizedKeysFile $tmp/ssh/authorized_keys
		PidFile none
		PermitRootLogin prohibit-password
		PasswordAuthentication no
		KbdInteractiveAuthentication no
		UsePAM no
		StrictModes no
		Subsystem sftp /usr/lib/openssh/sftp-server
		ForceCommand /usr/bin/env -i PATH=/usr/bin:/bin HOME=$tmp/home LANG=C.UTF-8 /bin/sh -c "\$SSH_ORIGINAL_COMMAND"
	EOF
	ip netns exec "$ns" "$sshd" -D -e -f "$tmp/ssh/sshd_config-$h" 2>"$tmp/sshd-$h.log" &
	echo "$addr $(cat "$tmp/ssh/host.pub")" >>"$tmp/ssh/known_hosts"
	mkdir "$tmp/hosts/$h"
	hosts_yaml="$hosts_yaml
    $h: {ansible_host: $addr, zone: $zone, instance_type: netns, latency_dir: $tmp/hosts/$h}"
	i=$((i + 1))
done

ssh_opts="-F /dev/null -i $tmp/ssh/control -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile=$tmp/ssh/known_hosts -o StrictHostKeyChecking=yes"
i=1
while [ $i -le $n ]; do
	tries=0
	until ip netns exec "$hub" ssh $ssh_opts -o ConnectTimeout=2 root@198.18.10.$i true 2>"$tmp/ssh-check.log"; do
		tries=$((tries + 1))
		if [ $tries -ge 50 ]; then
			echo "ansible-netns: no ssh to h$i:" >&2
			cat "$tmp/ssh-check.log" "$tmp/sshd-h$i.log" >&2
			exit 1
		fi
		sleep 0.1
	done
	if go=$(ip netns exec "$hub" ssh $ssh_opts root@198.18.10.$i 'command -v go'); then
		echo "ansible-netns: h$i's sessions have Go on PATH ($go): the run would not show the static file alone suffices" >&2
		exit 1
	fi
	i=$((i + 1))
done
step "$n hosts up, sshd in each, no Go on their PATH"

cat >"$tmp/ansible.cfg" <<EOF
[defaults]
local_tmp = $tmp/ansible-local
remote_tmp = $tmp/ansible-remote
async_dir = $tmp/ansible-async
interpreter_python = /usr/bin/python3
forks = 20
host_key_checking = True
[ssh_connection]
pipelining = True
control_path_dir = $tmp/cp
ssh_args = -F /dev/null -o ControlMaster=auto -o ControlPersist=60s
EOF
cat >"$tmp/inventory.yml" <<EOF
fleet:
  hosts:$hosts_yaml
  vars:
    ansible_user: root
    ansible_ssh_private_key_file: $tmp/ssh/control
    ansible_ssh_common_args: -o IdentitiesOnly=yes -o UserKnownHostsFile=$tmp/ssh/known_hosts
    latency_file: $latency
    echo_port: 7777
    where: datacenter
    results_dir: $out/results
    run_args: [-profile, quick, -bench, "Syscall|Mutex", -budget, 20s]
    pairs_lead: 10
    pairs_args: [-slot, 1s, -samples, "6", -pings, "20"]
EOF

mkdir -p "$out"
step "ansible-playbook (log: $out/ansible.log)"
# In the background, so that a signal runs the trap at once rather than
# after Ansible ends.
ANSIBLE_CONFIG=$tmp/ansible.cfg ANSIBLE_NOCOLOR=1 \
	ip netns exec "$hub" ansible-playbook -i "$tmp/inventory.yml" "$root/deploy/ansible/playbook.yml" \
	>"$out/ansible.log" 2>&1 </dev/null &
ap=$!
if ! wait $ap; then
	ap=""
	tail -n 40 "$out/ansible.log" >&2
	echo "ansible-netns: ansible-playbook failed (log: $out/ansible.log)" >&2
	exit 1
fi
ap=""
sed -n '/PLAY RECAP/,$p' "$out/ansible.log" >&2

"$latency" gather -o "$out/fleet" "$out/results" >&2
step "done: $out/results (as fetched), $out/fleet (gathered)"
