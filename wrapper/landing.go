package wrapper

import "time"

// BackendTimeout is how long the API's ASP.NET backend lets a request run
// by default: a create whose outcome is unknown (answered 504, cut, timed
// out) may land in the store up to this long after it was sent.
const BackendTimeout = 110 * time.Second

// DefaultSettle is how long a create whose outcome is unknown is left to
// land before the store is read to decide it: past [BackendTimeout], so a
// read after it sees every create that will ever land.
const DefaultSettle = 2 * time.Minute
