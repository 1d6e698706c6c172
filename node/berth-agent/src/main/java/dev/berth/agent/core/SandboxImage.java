package dev.berth.agent.core;

import dev.berth.agent.runtime.ContainerRuntime;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The image of the container that holds an awsvpc task's network namespace, as Kubernetes' pause
 * container does: one static executable that waits forever. The agent builds it itself (no image
 * can be assumed pullable) as a minimal ELF — a loop around pause(2) on x86-64, ppoll(2) on
 * arm64 — in a one-file tar imported into the engine. Written by hand because it is 9 to 28 bytes
 * of code: a toolchain or a base image would be heavier than the thing itself.
 */
public final class SandboxImage {
    public static final String NAME = "berth/sandbox:1";
    public static final String ENTRY_POINT = "/sandbox";
    private static final long BASE = 0x400000;

    private SandboxImage() {
    }

    /** Imports the image unless the engine has it. */
    public static void ensure(ContainerRuntime runtime) {
        if (!runtime.imageExists(NAME)) {
            runtime.importImage(NAME, tar("sandbox", elf(runtime.info().architecture())));
        }
    }

    static byte[] elf(String architecture) {
        boolean arm = architecture != null && (architecture.contains("aarch64") || architecture.contains("arm64"));
        byte[] code = arm ? arm64() : x8664();
        int headers = 64 + 56;
        ByteBuffer elf = ByteBuffer.allocate(headers + code.length).order(ByteOrder.LITTLE_ENDIAN);
        elf.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        elf.putShort((short) 2);                       // ET_EXEC
        elf.putShort((short) (arm ? 183 : 62));         // EM_AARCH64 or EM_X86_64
        elf.putInt(1);                                  // EV_CURRENT
        elf.putLong(BASE + headers);                    // entry point: the code right after the headers
        elf.putLong(64);                                // program headers follow the ELF header
        elf.putLong(0);                                 // no section headers
        elf.putInt(0);                                  // flags
        elf.putShort((short) 64).putShort((short) 56).putShort((short) 1);
        elf.putShort((short) 0).putShort((short) 0).putShort((short) 0);
        elf.putInt(1);                                  // PT_LOAD
        elf.putInt(5);                                  // readable, executable
        elf.putLong(0).putLong(BASE).putLong(BASE);     // the whole file, mapped at BASE
        elf.putLong(headers + code.length).putLong(headers + code.length);
        elf.putLong(0x1000);
        elf.put(code);
        return elf.array();
    }

    private static byte[] x8664() {
        return new byte[] {
            (byte) 0xb8, 0x22, 0x00, 0x00, 0x00,        // mov eax, 34 (pause)
            0x0f, 0x05,                                 // syscall
            (byte) 0xeb, (byte) 0xf7                    // jmp back to mov
        };
    }

    private static byte[] arm64() {
        int[] instructions = {
            0xd2800000, 0xd2800001, 0xd2800002, 0xd2800003, // mov x0..x3, #0
            0xd2800928,                                      // mov x8, #73 (ppoll)
            0xd4000001,                                      // svc #0
            0x17fffffa                                       // b back to the first mov
        };
        ByteBuffer code = ByteBuffer.allocate(instructions.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int instruction : instructions) {
            code.putInt(instruction);
        }
        return code.array();
    }

    /** A ustar archive holding one executable file at the root. */
    static byte[] tar(String fileName, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[512];
        put(header, 0, fileName);
        put(header, 100, "0000755");                    // mode
        put(header, 108, "0000000");                    // uid
        put(header, 116, "0000000");                    // gid
        put(header, 124, String.format("%011o", content.length));
        put(header, 136, String.format("%011o", 0));    // mtime
        header[156] = '0';                              // a regular file
        put(header, 257, "ustar");
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';                            // the checksum counts its own field as spaces
        }
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        header[155] = ' ';
        out.writeBytes(header);
        out.writeBytes(content);
        out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        out.writeBytes(new byte[1024]);                 // two empty blocks end the archive
        return out.toByteArray();
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
