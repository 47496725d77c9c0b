package dev.cairn.storage.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.testkit.FaultyProxy.Direction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy against a loopback echo server: each fault does what it says, and nothing else. */
class FaultyProxyTest {

    private ServerSocket echo;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private FaultyProxy proxy;

    @BeforeEach
    void startEchoServer() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(() -> {
            while (!echo.isClosed()) {
                Socket s = echo.accept();
                threads.submit(() -> {
                    try (s) {
                        s.getInputStream().transferTo(s.getOutputStream());
                    }
                    return null;
                });
            }
            return null;
        });
        proxy = FaultyProxy.start(echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
        threads.shutdownNow();
    }

    @Test
    void withoutRulesEverythingIsForwardedBothWays() throws IOException {
        try (Socket s = connect()) {
            byte[] sent = bytes(100_000);
            s.getOutputStream().write(sent);
            assertThat(s.getInputStream().readNBytes(sent.length)).isEqualTo(sent);
        }
        assertThat(proxy.bytes(Direction.UPSTREAM)).isEqualTo(100_000);
        assertThat(proxy.bytes(Direction.DOWNSTREAM)).isEqualTo(100_000);
        assertThat(proxy.connections()).isEqualTo(1);
        assertThat(proxy.faults()).isZero();
    }

    @Test
    void aDropStrikesAfterExactlyTheGivenBytesCountedFromTheRule() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(bytes(1_000));
            s.getInputStream().readNBytes(1_000);
            proxy.dropAfter(Direction.UPSTREAM, 5_000, 1);
            s.getOutputStream().write(bytes(20_000));
            byte[] back = s.getInputStream().readAllBytes();
            assertThat(back).as("echoed before the cut").hasSizeLessThanOrEqualTo(5_000);
        }
        assertThat(proxy.bytes(Direction.UPSTREAM)).isEqualTo(6_000);
        assertThat(proxy.faults()).isEqualTo(1);
        try (Socket s = connect()) {
            s.getOutputStream().write(bytes(10_000));
            assertThat(s.getInputStream().readNBytes(10_000)).as("the rule fired its one time").hasSize(10_000);
        }
    }

    @Test
    void aResetIsSeenAsAnErrorByTheClient() throws IOException {
        proxy.resetAfter(Direction.DOWNSTREAM, 10, 2);
        for (int i = 0; i < 2; i++) {
            try (Socket s = connect()) {
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                assertThatThrownBy(() -> {
                    for (int round = 0; round < 100; round++) {
                        out.write(bytes(1_000));
                        in.readNBytes(1_000);
                    }
                }).isInstanceOf(SocketException.class);
            }
        }
        assertThat(proxy.faults()).isEqualTo(2);
    }

    @Test
    void aStallForwardsNothingUntilItEnds() throws IOException {
        proxy.stallAfter(Direction.UPSTREAM, 0, Duration.ofSeconds(30), 1);
        try (Socket s = connect()) {
            s.setSoTimeout(300);
            s.getOutputStream().write(bytes(10));
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
        proxy.clear();
        try (Socket s = connect()) {
            s.getOutputStream().write(bytes(10));
            assertThat(s.getInputStream().readNBytes(10)).hasSize(10);
        }
    }

    @Test
    void refusalEndsAndTheSamePortServesAgain() throws Exception {
        proxy.refuseFor(Duration.ofMillis(500));
        assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
        Socket s = null;
        for (int i = 0; i < 200 && s == null; i++) {
            try {
                s = connect();
            } catch (ConnectException e) {
                Thread.sleep(20);
            }
        }
        assertThat(s).as("listening again after the refusal").isNotNull();
        try (Socket open = s) {
            open.getOutputStream().write(bytes(5));
            assertThat(open.getInputStream().readNBytes(5)).hasSize(5);
        }
    }

    @Test
    void newConnectionsCanBeResetAndOpenOnesKilled() throws IOException {
        proxy.resetNewConnections(1);
        try (Socket s = connect()) {
            assertThatThrownBy(() -> {
                s.getOutputStream().write(bytes(10));
                if (s.getInputStream().read() < 0) {
                    throw new SocketException("closed");
                }
            }).isInstanceOf(SocketException.class);
        }
        try (Socket s = connect()) {
            s.getOutputStream().write(bytes(10));
            assertThat(s.getInputStream().readNBytes(10)).hasSize(10);
            proxy.resetAll();
            assertThatThrownBy(() -> {
                s.getOutputStream().write(bytes(10));
                if (s.getInputStream().read() < 0) {
                    throw new SocketException("closed");
                }
            }).isInstanceOf(SocketException.class);
        }
    }

    private Socket connect() throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new java.util.Random(n).nextBytes(b);
        return b;
    }
}
