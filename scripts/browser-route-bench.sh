#!/bin/bash
# Firefox ESR with eid4j's login module registered in process (eid register --in-process) and out
# of process (eid register): the time from Firefox's launch until the module's PIN window shows,
# and the resident memory of Firefox's parent process and of the module's own process, on an Xvfb
# display against the login service with a virtual FINEID v4 card (conformance-tests'
# BrowserRouteMeasurement). Needs what BrowserLoginIT needs: firefox-esr, xvfb, xdotool,
# libnss3-tools, p11-kit, p11-kit-modules, gcc, libp11-kit-dev. About two minutes for 5 runs.
#
#   scripts/browser-route-bench.sh [RUNS]        prints the table; also in conformance-tests/target/browser-route.txt
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
./mvnw -B -q verify -pl conformance-tests -am -Dtest=none -Dit.test=BrowserRouteMeasurement -Deid4j.bench.runs="$runs" \
    -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
cat conformance-tests/target/browser-route.txt
