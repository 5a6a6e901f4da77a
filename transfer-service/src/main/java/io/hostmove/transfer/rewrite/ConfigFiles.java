package io.hostmove.transfer.rewrite;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Which files are worth reading for {@link ConfigRewriter}, and whether what was read is text. */
public final class ConfigFiles {

    /** Larger files are not configuration: 1 MiB. */
    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;

    /** How much of a file {@link #looksBinary(byte[])} looks at: 8 KiB. */
    public static final int SNIFF_BYTES = 8 * 1024;

    private static final Set<String> EXTENSIONS = Set.of("php", "ini", "htaccess", "env", "yml", "yaml", "json",
            "conf");
    private static final Set<String> NAMES = Set.of(".env", ".htaccess", "wp-config.php", "configuration.php",
            "settings.php");

    private ConfigFiles() {
    }

    /** {@link #isCandidate(String, long, long)} with the default limit of 1 MiB. */
    public static boolean isCandidate(String path, long size) {
        return isCandidate(path, size, DEFAULT_MAX_BYTES);
    }

    /**
     * Whether the file at {@code path} ({@code size} bytes) may hold settings to rewrite: a {@code .php},
     * {@code .ini}, {@code .htaccess}, {@code .env}, {@code .yml}, {@code .yaml}, {@code .json} or {@code .conf}
     * file, or one named {@code .env}, {@code .env.*} (Symfony's {@code .env.local} and kin), {@code .htaccess},
     * {@code wp-config.php}, {@code configuration.php} or {@code settings.php}, of at most {@code maxBytes}.
     */
    public static boolean isCandidate(String path, long size, long maxBytes) {
        if (path == null || size < 0 || size > maxBytes) {
            return false;
        }
        return isConfigName(path);
    }

    /** Whether the name is one {@link #isCandidate} accepts, whatever the size. */
    public static boolean isConfigName(String path) {
        String name = baseName(path);
        if (name.isEmpty()) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (NAMES.contains(lower) || isDotEnv(lower)) {
            return true;
        }
        int dot = lower.lastIndexOf('.');
        return dot >= 0 && dot < lower.length() - 1 && EXTENSIONS.contains(lower.substring(dot + 1));
    }

    /**
     * Whether the first bytes of a file look binary: a NUL byte or bytes that are not UTF-8 within the first
     * 8 KiB. A multi-byte character cut off by the end of {@code firstBytes} does not count.
     */
    public static boolean looksBinary(byte[] firstBytes) {
        int n = Math.min(firstBytes.length, SNIFF_BYTES);
        int i = 0;
        while (i < n) {
            int b = firstBytes[i] & 0xff;
            if (b == 0) {
                return true;
            }
            if (b < 0x80) {
                i++;
                continue;
            }
            int length;
            int min;
            if (b >= 0xc2 && b <= 0xdf) {
                length = 2;
                min = 0x80;
            } else if (b >= 0xe0 && b <= 0xef) {
                length = 3;
                min = 0x800;
            } else if (b >= 0xf0 && b <= 0xf4) {
                length = 4;
                min = 0x10000;
            } else {
                return true;
            }
            int code = b & (0xff >> (length + 1));
            for (int k = 1; k < length; k++) {
                if (i + k >= n) {
                    return false;   // cut off by the sniff window: cannot tell, and everything before was text
                }
                int c = firstBytes[i + k] & 0xff;
                if ((c & 0xc0) != 0x80) {
                    return true;
                }
                code = (code << 6) | (c & 0x3f);
            }
            if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
                return true;
            }
            i += length;
        }
        return false;
    }

    /**
     * The bytes as a string when they are strictly UTF-8, else empty. Rewriting only what decodes this way keeps
     * every byte that is not rewritten exactly as it was (a BOM stays, too).
     */
    public static Optional<String> decodeUtf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    static String baseName(String path) {
        if (path == null) {
            return "";
        }
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    static boolean isDotEnv(String name) {
        return name.equals(".env") || (name.startsWith(".env.") && name.length() > 5);
    }
}
