package io.github.eid4j.pkcs11.dialog;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.GridLayout;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JPasswordField;
import javax.swing.KeyStroke;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.text.AttributeSet;
import javax.swing.text.BadLocationException;
import javax.swing.text.DocumentFilter;
import javax.swing.text.PlainDocument;

/**
 * The PIN dialog of the PKCS#11 module, a program of its own: the module starts it in a separate
 * process (no GUI toolkit in the host's process), sends it {@link DialogRequest}s on its standard
 * input and reads each {@link DialogAnswer} from its standard output. The window stays up between
 * requests, so after a wrong PIN the same window says so and asks again. It ends when its input
 * ends; the module also kills it at its time limit.
 */
public final class PinWindow {
    /** The window's title: what test drivers (xdotool) and window lists find it by. */
    public static final String TITLE = "eid4j PIN";

    private final OutputStream answers;
    private final JFrame frame = new JFrame(TITLE);
    private final JLabel card = bold(new JLabel());
    private final JLabel prompt = new JLabel();
    private final JLabel rules = new JLabel();
    private final JLabel message = new JLabel();
    private final JLabel countdown = new JLabel();
    private final JPasswordField field = new JPasswordField(12);
    private final JButton ok = new JButton("OK");
    private final JButton cancel = new JButton("Cancel");
    private final Timer ticker;
    private DialogRequest request;
    private int secondsLeft;
    /** Whether the current request has been answered: one answer each. */
    private boolean answered = true;

    private PinWindow(OutputStream answers) {
        this.answers = answers;
        message.setForeground(new Color(0xB0, 0, 0));
        field.setDocument(new DigitsOnly());
        field.getDocument().addDocumentListener(new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                enableOk();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                enableOk();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                enableOk();
            }
        });
        field.addActionListener(e -> {
            if (ok.isEnabled()) {
                submit();
            }
        });
        ok.addActionListener(e -> submit());
        cancel.addActionListener(e -> answerCancel());
        frame.setDefaultCloseOperation(JFrame.DO_NOTHING_ON_CLOSE);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                answerCancel();
            }
        });
        JPanel text = new JPanel(new GridLayout(0, 1, 0, 4));
        for (JLabel l : new JLabel[] {card, prompt, rules, message}) {
            text.add(l);
        }
        JPanel entry = new JPanel(new FlowLayout(FlowLayout.LEFT, 0, 0));
        entry.add(field);
        text.add(entry);
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT));
        buttons.add(countdown);
        buttons.add(cancel);
        buttons.add(ok);
        JPanel content = new JPanel(new BorderLayout(0, 8));
        content.setBorder(BorderFactory.createEmptyBorder(12, 16, 8, 16));
        content.add(text, BorderLayout.CENTER);
        content.add(buttons, BorderLayout.SOUTH);
        frame.setContentPane(content);
        frame.getRootPane().setDefaultButton(ok);
        frame.getRootPane().registerKeyboardAction(e -> answerCancel(), KeyStroke.getKeyStroke(KeyEvent.VK_ESCAPE, 0),
                JComponent.WHEN_IN_FOCUSED_WINDOW);
        frame.setAlwaysOnTop(true);
        ticker = new Timer(1000, e -> tick());
    }

    private static JLabel bold(JLabel label) {
        label.setFont(label.getFont().deriveFont(Font.BOLD));
        return label;
    }

    /** Shows a request: the first one opens the window, later ones update it. */
    private void show(DialogRequest r) {
        request = r;
        answered = false;
        secondsLeft = r.seconds();
        card.setText(r.holder().isEmpty() ? r.card() : r.card() + " \u2013 " + r.holder());
        prompt.setText(switch (r.kind()) {
            case PINPAD -> "Enter " + r.prompt() + " on the reader's keypad.";
            case NOTICE -> r.prompt();
            default -> "Enter " + r.prompt() + ".";
        });
        rules.setText(r.rules());
        rules.setVisible(!r.rules().isEmpty());
        message.setText(r.message());
        message.setVisible(!r.message().isEmpty());
        boolean typed = r.kind() == DialogRequest.Kind.PIN || r.kind() == DialogRequest.Kind.CAN;
        field.setVisible(typed);
        field.setText("");
        field.setEnabled(typed);
        ok.setVisible(typed);
        cancel.setText(r.kind() == DialogRequest.Kind.NOTICE ? "Close" : "Cancel");
        cancel.setVisible(r.kind() != DialogRequest.Kind.PINPAD);
        enableOk();
        tick();
        ticker.restart();
        frame.pack();
        if (!frame.isVisible()) {
            frame.setLocationRelativeTo(null);
            frame.setVisible(true);
        }
        frame.toFront();
        (typed ? field : cancel).requestFocusInWindow();
        describe();
    }

    /**
     * Says on stderr what the window shows (never what is typed): the module passes it on only
     * when debugging, and it is what a test reads the window's words from.
     */
    private void describe() {
        StringBuilder shown = new StringBuilder(TITLE).append(" shows:");
        for (JLabel l : new JLabel[] {card, prompt, rules, message}) {
            if (l.isVisible() && !l.getText().isEmpty()) {
                shown.append(" [").append(l.getText()).append(']');
            }
        }
        System.err.println(shown);
    }

    private void tick() {
        countdown.setText("Closes in " + secondsLeft + " s  ");
        secondsLeft = Math.max(0, secondsLeft - 1);
    }

    private void enableOk() {
        int n = field.getDocument().getLength();
        ok.setEnabled(!answered && request != null && n >= request.minLength() && n <= request.maxLength());
    }

    private void submit() {
        if (answered) {
            return;
        }
        char[] value = field.getPassword();
        try {
            field.setText("");
            answered = true;
            waiting();
            DialogAnswer.writePin(answers, value);
        } catch (IOException e) {
            System.exit(2); // the module is gone
        } finally {
            Arrays.fill(value, '\0');
        }
    }

    private void answerCancel() {
        if (answered) {
            return;
        }
        answered = true;
        field.setText("");
        waiting();
        try {
            DialogAnswer.writeCancel(answers);
        } catch (IOException e) {
            System.exit(2);
        }
    }

    /** Between an answer and the module's next request (the card is checking the PIN). */
    private void waiting() {
        field.setEnabled(false);
        ok.setEnabled(false);
        cancel.setEnabled(false);
        ticker.stop();
        countdown.setText("Checking\u2026  ");
    }

    private void ready() {
        cancel.setEnabled(true);
    }

    /** Digits only, at most the request's maximum: a typing error never reaches the card. */
    private final class DigitsOnly extends PlainDocument {
        private static final long serialVersionUID = 1L;

        DigitsOnly() {
            setDocumentFilter(new DocumentFilter() {
                @Override
                public void insertString(FilterBypass fb, int offset, String text, AttributeSet attr) throws BadLocationException {
                    replace(fb, offset, 0, text, attr);
                }

                @Override
                public void replace(FilterBypass fb, int offset, int length, String text, AttributeSet attrs)
                        throws BadLocationException {
                    if (text == null || text.isEmpty()) {
                        super.replace(fb, offset, length, text, attrs);
                        return;
                    }
                    int max = request == null ? 0 : request.maxLength();
                    if (text.chars().allMatch(c -> c >= '0' && c <= '9') && fb.getDocument().getLength() - length + text.length() <= max) {
                        super.replace(fb, offset, length, text, attrs);
                    } else {
                        java.awt.Toolkit.getDefaultToolkit().beep();
                    }
                }
            });
        }
    }

    public static void main(String[] args) throws Exception {
        InputStream in = System.in;
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        PinWindow[] window = new PinWindow[1];
        SwingUtilities.invokeAndWait(() -> window[0] = new PinWindow(out));
        DialogRequest request;
        while ((request = DialogRequest.read(in)) != null) {
            DialogRequest r = request;
            SwingUtilities.invokeLater(() -> {
                window[0].show(r);
                window[0].ready();
            });
        }
        System.exit(0);
    }
}
