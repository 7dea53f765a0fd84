// Baseline for idle sockets: a bare Socket.IO server that accepts every connection and does nothing else.
import http from 'node:http';
import { Server } from 'socket.io';

const server = http.createServer((req, res) => {
  if (req.url === '/readyz') res.writeHead(200).end('ok');
  else res.writeHead(404).end();
});
const io = new Server(server, { serveClient: false });
io.of('/visitor').on('connection', () => {});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => io.close(() => process.exit(0)));
