// A chaos scenario seeds a batch, waits out its fault (up to a 30 s outage) and a bounded settle time; its shop's
// start (beforeAll) may take twice the 240 s ready timeout of chaos-environment.ts when two shops boot at once on a
// loaded machine.
jest.setTimeout(600_000);
