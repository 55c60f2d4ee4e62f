import Fastify from 'fastify';
import { Socket } from 'node:net';
import { requestDeadlines } from './request-deadline';

describe('request deadlines', () => {
  it('end with the answer: a request answered before its body arrived is not cut off later', async () => {
    const fastify = Fastify();
    requestDeadlines(fastify, 100);
    // Answered at once, its body never read (as a refusal before the body is parsed).
    fastify.post(
      '/early',
      { preParsing: (_request, reply) => void reply.code(401).send({ refused: true }) },
      () => ({}),
    );
    const late: unknown[] = [];
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    fastify.server.prependListener('clientError', (error) => late.push(error));
    const { port } = fastify.server.address() as { port: number };
    const socket = new Socket();
    try {
      const answered = new Promise<string>((resolve) => socket.once('data', (chunk) => resolve(chunk.toString())));
      await new Promise<void>((resolve) => socket.connect(port, '127.0.0.1', resolve));
      socket.write(
        'POST /early HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":',
      );
      expect(await answered).toMatch(/^HTTP\/1\.1 401 /);
      // Well past the deadline the request had.
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(late).toEqual([]);
    } finally {
      socket.destroy();
      await fastify.close();
    }
  });
});
