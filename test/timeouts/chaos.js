// A chaos scenario seeds a batch, waits out its fault (up to a 30 s outage) and a bounded settle time.
jest.setTimeout(360_000);
