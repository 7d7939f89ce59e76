/**
 * How many file-system calls a command over many files keeps in flight (invalidating, restoring
 * and recording fixtures of 100,000 outputs). One after another, each call's wait for its answer
 * was most of the time; all at once, a set of more than about a thousand files failed with
 * EMFILE under the usual limit of 1,024 open files. Beyond this, two cores gain nothing.
 */
export const fileCallsAtOnce = 32;
