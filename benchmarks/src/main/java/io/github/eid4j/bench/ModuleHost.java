package io.github.eid4j.bench;

import io.github.eid4j.apdu.Hex;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A running p11host (benchmarks/src/main/c/p11host.c): a native process hosting one PKCS#11
 * module, driven one command per line through its standard input. Every module is called by this
 * same client over the same pipe, so the pipe's cost is the same on both sides of a ratio.
 */
final class ModuleHost implements AutoCloseable {
    /** Variables that steer one module or another; a host gets only those its module needs. */
    private static final List<String> MODULE_VARIABLES = List.of("EID4J_PKCS11_CONF", "EID4J_JAVA_HOME", "EID4J_PKCS11_DEBUG",
            "SOFTHSM2_CONF", "OPENSC_CONF", "OPENSC_DRIVER", "PCSCLITE_CSOCK_NAME", "P11_KIT_SERVER_ADDRESS",
            "XDG_CACHE_HOME");
    /** The PKCS#11 calls in one round of {@link #calls(int)}. */
    static final int CALLS_PER_ROUND = 5;

    private final Process process;
    private final BufferedWriter commands;
    private final BufferedReader replies;

    private ModuleHost(Process process) {
        this.process = process;
        this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static ModuleHost start(Path binary, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(binary.toString()).redirectError(Redirect.INHERIT);
        builder.environment().keySet().removeAll(MODULE_VARIABLES);
        builder.environment().putAll(environment);
        return new ModuleHost(builder.start());
    }

    /** dlopen and C_GetFunctionList. */
    void load(Path library) throws IOException {
        call("load " + library);
    }

    /** C_Initialize, C_GetSlotList and C_GetTokenInfo until the token with this label. */
    void open(String tokenLabel) throws IOException {
        call("open " + tokenLabel);
    }

    /** C_OpenSession and C_Login(CKU_USER) on the open token, and the private key with this CKA_ID. */
    void login(String keyIdHex, char[] pin) throws IOException {
        commands.write("login " + keyIdHex + "\n");
        commands.write(pin);
        commands.write('\n');
        commands.flush();
        Arrays.fill(pin, '\0');
        reply("login");
    }

    /** What {@link #sign()} signs, with p11host's name of the mechanism ("ecdsa", "rsa-pkcs"). */
    void input(String mechanism, byte[] data) throws IOException {
        call("input " + mechanism + " " + Hex.plain(data));
    }

    /** C_SignInit and C_Sign. */
    void sign() throws IOException {
        call("sign");
    }

    /** The last signature. */
    byte[] signature() throws IOException {
        return Hex.decode(call("signature"));
    }

    /** The DER of the certificate with the logged-in key's CKA_ID. */
    byte[] certificate() throws IOException {
        return Hex.decode(call("certificate"));
    }

    /** Creates that certificate as a token object with the logged-in key's CKA_ID (for a token that lacks it). */
    void addCertificate(byte[] subject, byte[] der) throws IOException {
        call("add-certificate " + Hex.plain(subject) + " " + Hex.plain(der));
    }

    /**
     * {@code rounds} rounds of crypto-free calls in the logged-in session, {@value #CALLS_PER_ROUND}
     * each: C_GetSessionInfo, C_FindObjectsInit (the certificate), C_FindObjects,
     * C_FindObjectsFinal, C_GetAttributeValue(CKA_VALUE).
     */
    void calls(int rounds) throws IOException {
        call("calls " + rounds);
    }

    /** An answer from p11host itself, not from the module. */
    void ping() throws IOException {
        call("ping");
    }

    HostMemory memory() throws IOException {
        String[] kib = call("memory").split(" ");
        return new HostMemory(Long.parseLong(kib[0]), Long.parseLong(kib[1]));
    }

    /** C_Logout, C_CloseSession, C_Finalize. */
    void finish() throws IOException {
        call("close");
    }

    private String call(String command) throws IOException {
        commands.write(command);
        commands.write('\n');
        commands.flush();
        int space = command.indexOf(' ');
        return reply(space < 0 ? command : command.substring(0, space));
    }

    private String reply(String verb) throws IOException {
        String line = replies.readLine();
        if (line == null) {
            throw new IOException("p11host ended during '" + verb + "' (exit " + exitValue() + "); see its stderr above.");
        }
        if (line.equals("ok")) {
            return "";
        }
        if (line.startsWith("ok ")) {
            return line.substring(3);
        }
        throw new IOException("p11host " + verb + ": " + line);
    }

    private String exitValue() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Ends the process: end of input, and after 10 s without an exit, a kill. */
    @Override
    public void close() throws IOException {
        try {
            commands.close();
        } catch (IOException e) {
            // The process is gone already; waiting below says so.
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
