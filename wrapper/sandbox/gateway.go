package sandbox

import "net/http"

// gatewayTimeoutPage is what a load balancer in front of a store answers
// when the store is slow: HTML, not the API's JSON error array.
const gatewayTimeoutPage = `<html>
<head><title>504 Gateway Time-out</title></head>
<body>
<center><h1>504 Gateway Time-out</h1></center>
<hr><center>nginx</center>
</body>
</html>
`

// gatewayTimeout is the 504 of Behaviour.GatewayTimeoutEvery.
type gatewayTimeout struct{}

// VisitCreatePaymentTokenResponse implements server.CreatePaymentTokenResponseObject.
func (gatewayTimeout) VisitCreatePaymentTokenResponse(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusGatewayTimeout)
	_, err := w.Write([]byte(gatewayTimeoutPage))
	return err
}
