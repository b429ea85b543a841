package similar

// Fingerprint is the 32 bits the index keeps of a shingle.
var Fingerprint = fingerprint
