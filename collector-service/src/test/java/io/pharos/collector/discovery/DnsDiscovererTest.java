package io.pharos.collector.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.model.config.DnsSdConfig;
import io.pharos.model.labels.Labels;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DNS discovery against a small DNS server on loopback that answers SRV and A questions. */
class DnsDiscovererTest {
    private DatagramSocket socket;
    private Thread server;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void start() throws Exception {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        server = new Thread(this::serve);
        server.setDaemon(true);
        server.start();
    }

    @AfterEach
    void stop() {
        socket.close();
        scheduler.shutdownNow();
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                byte[] reply = answer(buf, p.getLength());
                socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
            } catch (Exception e) {
                return;
            }
        }
    }

    /** Answers _metrics._tcp.example.test SRV with two targets, and node.example.test A with two addresses. */
    private static byte[] answer(byte[] q, int len) {
        int p = 12;
        StringBuilder name = new StringBuilder();
        while (q[p] != 0) {
            int l = q[p];
            name.append(new String(q, p + 1, l, StandardCharsets.US_ASCII)).append('.');
            p += l + 1;
        }
        p++;
        int qtype = ((q[p] & 0xff) << 8) | (q[p + 1] & 0xff);
        int qEnd = p + 4;
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        int count = 0;
        if (qtype == 33 && name.toString().equals("_metrics._tcp.example.test.")) {
            count += rr(answers, 33, srv(9100, "a.example.test"));
            count += rr(answers, 33, srv(9200, "b.example.test"));
        } else if (qtype == 1 && name.toString().equals("node.example.test.")) {
            count += rr(answers, 1, new byte[] {10, 0, 0, 1});
            count += rr(answers, 1, new byte[] {10, 0, 0, 2});
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);
        out.write(0x81);
        out.write(count == 0 ? 0x83 : 0x80); // NXDOMAIN when nothing is known
        out.write(0);
        out.write(1);
        out.write(0);
        out.write(count);
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(q, 12, qEnd - 12);
        byte[] a = answers.toByteArray();
        out.write(a, 0, a.length);
        return out.toByteArray();
    }

    private static int rr(ByteArrayOutputStream out, int type, byte[] rdata) {
        out.write(0xc0);
        out.write(12);
        out.write(0);
        out.write(type);
        out.write(0);
        out.write(1);
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(60);
        out.write(rdata.length >> 8);
        out.write(rdata.length);
        out.write(rdata, 0, rdata.length);
        return 1;
    }

    private static byte[] srv(int port, String target) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0);
        b.write(10);
        b.write(0);
        b.write(5);
        b.write(port >> 8);
        b.write(port & 0xff);
        for (String label : target.split("\\.")) {
            b.write(label.length());
            b.write(label.getBytes(StandardCharsets.US_ASCII), 0, label.length());
        }
        b.write(0);
        return b.toByteArray();
    }

    private DnsDiscoverer discoverer(String type, int port, String... names) {
        return new DnsDiscoverer(new DnsSdConfig(List.of(names), Duration.ofSeconds(30), type, port), scheduler,
                "dns://127.0.0.1:" + socket.getLocalPort());
    }

    @Test
    void srvRecordsBecomeTargetsWithPrometheusMetaLabels() throws Exception {
        TargetGroup g = discoverer("SRV", 0, "_metrics._tcp.example.test").lookup("_metrics._tcp.example.test");
        assertThat(g.source()).isEqualTo("_metrics._tcp.example.test");
        assertThat(g.targets()).containsExactlyInAnyOrder(
                Labels.of("__address__", "a.example.test:9100", "__meta_dns_name", "_metrics._tcp.example.test",
                        "__meta_dns_srv_record_target", "a.example.test.", "__meta_dns_srv_record_port", "9100"),
                Labels.of("__address__", "b.example.test:9200", "__meta_dns_name", "_metrics._tcp.example.test",
                        "__meta_dns_srv_record_target", "b.example.test.", "__meta_dns_srv_record_port", "9200"));
    }

    @Test
    void aRecordsUseTheConfiguredPort() throws Exception {
        TargetGroup g = discoverer("A", 9100, "node.example.test").lookup("node.example.test");
        assertThat(g.targets()).extracting(l -> l.get("__address__")).containsExactlyInAnyOrder("10.0.0.1:9100", "10.0.0.2:9100");
    }

    @Test
    void unknownNamesGiveAnEmptyGroup() throws Exception {
        assertThat(discoverer("A", 80, "missing.example.test").lookup("missing.example.test").targets()).isEmpty();
    }
}
