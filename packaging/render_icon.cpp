// headliner-render-icon: renders the SVG app icon to a square PNG at build time, for the
// hicolor/NxN/apps icons that the package installs beside the scalable one. It uses Qt's own SVG
// image plugin (libqt6svg6, which the app needs anyway), so the build needs no rsvg-convert.
//
//   headliner-render-icon IN.svg SIZE OUT.png

#include <QCoreApplication>
#include <QImage>
#include <QImageReader>
#include <QSize>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);  // plugin paths for the SVG image format
    if (argc != 4) {
        std::fprintf(stderr, "usage: headliner-render-icon IN.svg SIZE OUT.png\n");
        return 2;
    }
    int size = 0;
    try {
        size = std::stoi(argv[2]);
    } catch (const std::exception&) {
    }
    if (size < 1 || size > 4096) {
        std::fprintf(stderr, "headliner-render-icon: bad size '%s'\n", argv[2]);
        return 2;
    }
    QImageReader reader(QString::fromLocal8Bit(argv[1]));
    reader.setScaledSize(QSize(size, size));
    const QImage image = reader.read();
    if (image.isNull()) {
        std::fprintf(
            stderr,
            "headliner-render-icon: cannot read %s: %s (is Qt's SVG plugin, libqt6svg6, installed?)\n",
            argv[1], qPrintable(reader.errorString()));
        return 1;
    }
    if (!image.save(QString::fromLocal8Bit(argv[3]), "PNG")) {
        std::fprintf(stderr, "headliner-render-icon: cannot write %s\n", argv[3]);
        return 1;
    }
    return 0;
}
