package dev.berth.agent.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox executable (a minimal static ELF) and the one-file ustar archive it is imported in. */
class SandboxImageTest {
    private static final long BASE = 0x400000;
    private static final int HEADERS = 64 + 56;

    private static ByteBuffer little(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void theX8664ExecutableHasAValidElf64Header() {
        byte[] elf = SandboxImage.elf("x86_64");
        ByteBuffer header = little(elf);

        assertThat(Arrays.copyOfRange(elf, 0, 4)).containsExactly(0x7f, 'E', 'L', 'F');
        assertThat(elf[4]).as("class: 64-bit").isEqualTo((byte) 2);
        assertThat(elf[5]).as("data: little endian").isEqualTo((byte) 1);
        assertThat(elf[6]).as("version").isEqualTo((byte) 1);
        assertThat(header.getShort(16)).as("type: executable").isEqualTo((short) 2);
        assertThat(header.getShort(18)).as("machine: x86-64").isEqualTo((short) 62);
        assertThat(header.getInt(20)).as("version").isEqualTo(1);
        assertThat(header.getLong(24)).as("entry: right after the headers").isEqualTo(BASE + 120);
        assertThat(header.getLong(32)).as("program headers offset").isEqualTo(64);
        assertThat(header.getLong(40)).as("no section headers").isZero();
        assertThat(header.getShort(52)).as("ELF header size").isEqualTo((short) 64);
        assertThat(header.getShort(54)).as("program header size").isEqualTo((short) 56);
        assertThat(header.getShort(56)).as("one program header").isEqualTo((short) 1);
    }

    @Test
    void itsOneLoadSegmentMapsTheWholeFileReadableAndExecutable() {
        byte[] elf = SandboxImage.elf("x86_64");
        ByteBuffer program = little(elf);

        assertThat(program.getInt(64)).as("PT_LOAD").isEqualTo(1);
        assertThat(program.getInt(68)).as("flags: read and execute").isEqualTo(5);
        assertThat(program.getLong(72)).as("offset").isZero();
        assertThat(program.getLong(80)).as("virtual address").isEqualTo(BASE);
        assertThat(program.getLong(88)).as("physical address").isEqualTo(BASE);
        assertThat(program.getLong(96)).as("size in the file").isEqualTo(elf.length);
        assertThat(program.getLong(104)).as("size in memory").isEqualTo(elf.length);
        assertThat(program.getLong(112)).as("alignment").isEqualTo(0x1000);
    }

    @Test
    void theX8664CodeCallsPauseAndJumpsBackToItsStart() {
        byte[] elf = SandboxImage.elf("x86_64");
        byte[] code = Arrays.copyOfRange(elf, HEADERS, elf.length);

        assertThat(elf).hasSize(HEADERS + 9);
        assertThat(Arrays.copyOfRange(code, 0, 5)).as("mov eax, 34").containsExactly(0xb8, 0x22, 0, 0, 0);
        assertThat(Arrays.copyOfRange(code, 5, 7)).as("syscall").containsExactly(0x0f, 0x05);
        assertThat(code[7]).as("jmp rel8").isEqualTo((byte) 0xeb);
        assertThat(code.length + code[8]).as("the jump lands on the first instruction").isZero();
    }

    @Test
    void theArm64ExecutableIsForAarch64AndBranchesBackToItsStart() {
        byte[] elf = SandboxImage.elf("aarch64");
        ByteBuffer file = little(elf);

        assertThat(file.getShort(18)).as("machine: AArch64").isEqualTo((short) 183);
        assertThat(file.getLong(24)).isEqualTo(BASE + 120);
        assertThat(elf).hasSize(HEADERS + 7 * 4);
        assertThat(file.getLong(96)).isEqualTo(elf.length);
        int branch = file.getInt(elf.length - 4);
        assertThat(branch >>> 26).as("an unconditional branch").isEqualTo(0b000101);
        int offset = (branch << 6) >> 6; // sign-extended imm26, in instructions
        assertThat(6 + offset).as("the branch lands on the first instruction").isZero();
    }

    @Test
    void dockerSpellingsOfArmChooseAarch64AndAnythingElseX8664() {
        assertThat(little(SandboxImage.elf("arm64")).getShort(18)).isEqualTo((short) 183);
        assertThat(little(SandboxImage.elf("amd64")).getShort(18)).isEqualTo((short) 62);
        assertThat(little(SandboxImage.elf(null)).getShort(18)).isEqualTo((short) 62);
    }

    @Test
    void theArchiveIsAUstarHeaderTheContentPaddedToABlockAndTwoZeroBlocks() {
        byte[] content = "hello, sandbox".getBytes(StandardCharsets.US_ASCII);

        byte[] tar = SandboxImage.tar("sandbox", content);

        assertThat(tar).hasSize(512 + 512 + 1024);
        assertThat(field(tar, 0, 100)).isEqualTo("sandbox");
        assertThat(field(tar, 100, 8)).as("mode").isEqualTo("0000755");
        assertThat(Long.parseLong(field(tar, 124, 12), 8)).as("size").isEqualTo(content.length);
        assertThat(tar[156]).as("a regular file").isEqualTo((byte) '0');
        assertThat(Arrays.copyOfRange(tar, 257, 263)).as("magic").containsExactly('u', 's', 't', 'a', 'r', 0);
        assertThat(field(tar, 263, 2)).as("version").isEqualTo("00");
        assertThat(Arrays.copyOfRange(tar, 512, 512 + content.length)).isEqualTo(content);
        assertThat(Arrays.copyOfRange(tar, 512 + content.length, tar.length)).containsOnly(0);
    }

    @Test
    void theHeaderChecksumVerifies() {
        byte[] tar = SandboxImage.tar("sandbox", SandboxImage.elf("x86_64"));

        byte[] header = Arrays.copyOf(tar, 512);
        long stored = Long.parseLong(field(header, 148, 8).trim(), 8);
        Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }

        assertThat(stored).isEqualTo(sum);
    }

    @Test
    void contentOfExactlyOneBlockGetsNoPadding() {
        byte[] content = new byte[512];
        Arrays.fill(content, (byte) 7);

        byte[] tar = SandboxImage.tar("f", content);

        assertThat(tar).hasSize(512 + 512 + 1024);
        assertThat(Arrays.copyOfRange(tar, 512, 1024)).containsOnly(7);
    }

    @Test
    void systemTarListsAndExtractsTheExecutable(@TempDir Path directory) throws IOException, InterruptedException {
        byte[] elf = SandboxImage.elf("x86_64");
        Path archive = directory.resolve("sandbox.tar");
        Files.write(archive, SandboxImage.tar("sandbox", elf));

        String listing = run(directory, "tar", "tvf", archive.toString());
        run(directory, "tar", "xf", archive.toString());

        assertThat(listing).contains("sandbox").contains(Integer.toString(elf.length)).startsWith("-rwxr-xr-x");
        assertThat(Files.readAllBytes(directory.resolve("sandbox"))).isEqualTo(elf);
    }

    /** The NUL-terminated ASCII text of a header field. */
    private static String field(byte[] block, int offset, int length) {
        int end = offset;
        while (end < offset + length && block[end] != 0) {
            end++;
        }
        return new String(block, offset, end - offset, StandardCharsets.US_ASCII);
    }

    private static String run(Path directory, String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        } catch (IOException noTar) {
            throw new IllegalStateException("this test reads the archive with GNU tar, which is missing: " + noTar.getMessage(), noTar);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
