"""Publish to a Switchboard channel over the TCP event-bus bridge, standard library only.
Usage: API_KEY=... python3 publish.py HOST PORT CHANNEL 'JSON CONTENT'"""
import json, os, socket, struct, sys

def read_exactly(stream, n):
    data = stream.read(n)
    if len(data) < n:
        raise ConnectionError("the node closed the connection")
    return data

host, port, channel, content = sys.argv[1], int(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4])
with socket.create_connection((host, port), timeout=10) as sock, sock.makefile("rb") as stream:
    frame = json.dumps({"type": "send", "address": "switchboard.publish", "replyAddress": "publish-1",
                        "headers": {"apiKey": os.environ["API_KEY"]},
                        "body": {"channel": channel, "content": content, "sender": "python"}}).encode()
    sock.sendall(struct.pack(">I", len(frame)) + frame)
    reply = json.loads(read_exactly(stream, struct.unpack(">I", read_exactly(stream, 4))[0]))
    if reply["type"] == "err":
        sys.exit("refused: %s" % reply.get("message"))
    print("published", json.dumps(reply["body"]))
