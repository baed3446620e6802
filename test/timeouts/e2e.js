// End-to-end tests start whole processes and wait for them to converge.
jest.setTimeout(180_000);
