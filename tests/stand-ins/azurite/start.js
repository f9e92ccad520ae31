// Starts Azurite's blob service with the arguments given (see README.md). When its stdin closes (the test fixture
// stops it, or the test process died), it shuts down as on SIGTERM: Azurite saves its metadata and exits, so a
// restart on the same --location finds its containers and blobs again. Azurite prints
// "Azurite Blob service successfully listens on http://HOST:PORT" once it takes requests.
process.stdin.resume();
process.stdin.on('end', () => {
  process.kill(process.pid, 'SIGTERM');
  setTimeout(() => process.exit(0), 10000).unref();
});
require('azurite/dist/src/blob/main.js');
