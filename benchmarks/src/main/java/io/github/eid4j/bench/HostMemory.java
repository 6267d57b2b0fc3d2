package io.github.eid4j.bench;

/** A host process's resident memory as the kernel counts it: VmRSS now and VmHWM, its peak, in KiB. */
record HostMemory(long rssKiB, long peakKiB) {
    double rssMiB() {
        return rssKiB / 1024.0;
    }

    double peakMiB() {
        return peakKiB / 1024.0;
    }
}
