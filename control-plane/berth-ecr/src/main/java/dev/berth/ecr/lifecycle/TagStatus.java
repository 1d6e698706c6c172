package dev.berth.ecr.lifecycle;

/** Which images a rule selects by their tags; the wire names are lowercase. */
public enum TagStatus {
    TAGGED, UNTAGGED, ANY
}
