// The empty process the cold-start probes are compared with (bench/runtimes.mjs).
console.log(0);
