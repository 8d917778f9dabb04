/**
 * sessionStorage key of the client page's path, set when the client presses "Zapłać teraz", so
 * that the return page after Tpay can link back to the project. The return URL given to Tpay
 * never carries the client link's token.
 */
export const PAYMENT_RETURN_STORAGE_KEY = "klamp.paymentReturnPath";
