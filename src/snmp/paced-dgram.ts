import dgram from 'node:dgram';
import { pacedCall } from '../pace';

/**
 * The `dgram` module net-snmp sessions are given (its `dgramModule` option): sockets whose 'message' listeners
 * run from the shared paced queue instead of all in the turn the datagrams arrived in.
 */
export const pacedDgram = {
  createSocket(type: dgram.SocketType): dgram.Socket {
    const socket = dgram.createSocket(type);
    const on = socket.on.bind(socket);
    socket.on = ((event: string, listener: (...args: unknown[]) => void) =>
      event === 'message' ? on('message', (...args: unknown[]) => pacedCall(() => listener(...args))) : on(event, listener)) as dgram.Socket['on'];
    return socket;
  },
};
