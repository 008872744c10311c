/** One HTTP call as an adapter builds it: the URL, headers and JSON body of the POST. */
export interface UpstreamHttpRequest {
  url: string;
  headers: Record<string, string>;
  /** The JSON text of the body. */
  body: string;
}
