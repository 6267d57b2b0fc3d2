package io.github.eid4j.documents;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.TimestampBinary;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

/**
 * A time-stamping authority reached over HTTP (RFC 3161 §3.4): the time-stamps of B-T signatures.
 * The JDK's HTTP client, rather than DSS's service module, which would bring Apache HttpClient for
 * one POST.
 */
public final class TimeStampAuthority implements TSPSource {
    private static final long serialVersionUID = 1L;
    private static final Duration TIME_LIMIT = Duration.ofSeconds(30);

    private final URI uri;

    public TimeStampAuthority(URI uri) {
        this.uri = uri;
    }

    @Override
    public TimestampBinary getTimeStampResponse(DigestAlgorithm digestAlgorithm, byte[] digest) {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true); // the TSA's certificate goes into the token: a verifier needs it
        TimeStampRequest request = generator.generate(new ASN1ObjectIdentifier(digestAlgorithm.getOid()), digest,
                new BigInteger(64, new SecureRandom()));
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(TIME_LIMIT).build();
            HttpResponse<byte[]> answer = client.send(HttpRequest.newBuilder(uri).timeout(TIME_LIMIT)
                    .header("Content-Type", "application/timestamp-query")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new DSSException("The time-stamping authority " + uri + " answered HTTP " + answer.statusCode() + ".");
            }
            TimeStampResponse response = new TimeStampResponse(answer.body());
            response.validate(request); // our digest, our nonce, a granted status
            if (response.getTimeStampToken() == null) {
                throw new DSSException("The time-stamping authority " + uri + " gave no time-stamp: " + response.getStatusString());
            }
            return new TimestampBinary(response.getTimeStampToken().getEncoded());
        } catch (IOException | TSPException e) {
            throw new DSSException("The time-stamping authority " + uri + " could not be used: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DSSException("Interrupted while waiting for the time-stamping authority " + uri + ".", e);
        }
    }
}
