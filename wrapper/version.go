package wrapper

// Version is this library's version, sent in the User-Agent header.
const Version = "0.1.0"

// userAgent names this library and its version.
const userAgent = "3dcart-paymenttokens-go/" + Version
