// Integration tests talk to real servers; allow for a cold broker.
jest.setTimeout(60_000);
