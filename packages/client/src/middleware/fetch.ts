// The shape shared by the fetch layers: each takes the next fetch and returns one that wraps it,
// so the client composes only the layers its options ask for.
export type Fetch = (request: Request) => Promise<Response>;
