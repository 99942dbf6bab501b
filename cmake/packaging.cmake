# Debian packages with CPack (make deb), split the way Debian splits a library and its tool:
#   epistle          the tool, its man pages, shell completions and fontconfig fragment
#                    (the tool links the library statically, and needs libepistle0 only for
#                    the signing module, which it loads when it signs or verifies);
#   libepistle0      the shared library and the signing module (lib/<triplet>/epistle/);
#   libepistle-dev   the header, the static library, pkg-config and CMake package files.
# Library dependencies come from dpkg-shlibdeps; fonts and dictionaries are named here,
# because no linker can see that a letter needs Noto CJK.

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME epistle)
set(CPACK_PACKAGE_VENDOR "The epistle developers")
set(CPACK_PACKAGE_CONTACT "The epistle developers <epistle@localhost>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL tool lib dev)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(EP_DEB_VERSION "${PROJECT_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE}")

set(CPACK_DEBIAN_TOOL_PACKAGE_NAME epistle)
set(CPACK_DEBIAN_TOOL_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_TOOL_PACKAGE_SECTION text)
set(CPACK_DEBIAN_TOOL_PACKAGE_DEPENDS "libepistle0 (= ${EP_DEB_VERSION}), fonts-noto-core, fonts-noto-cjk")
set(CPACK_DEBIAN_TOOL_PACKAGE_RECOMMENDS
  "fonts-noto-mono, hyphen-en-us, hyphen-en-gb, hyphen-de, hyphen-fr, hyphen-es, hyphen-hi, hyphen-bn, hyphen-ta, icc-profiles-free")
set(CPACK_DEBIAN_TOOL_PACKAGE_SUGGESTS "poppler-utils, qpdf")
set(CPACK_DEBIAN_TOOL_DESCRIPTION
  "typesets formal letters into tagged, signable PDF
epistle reads a letter written as YAML front matter and a CommonMark body and sets it
to the standards formal letters are held to: window-envelope address fields (DIN 5008,
SN 010130, US), Japanese business letters, Knuth-Plass paragraphs, CJK line-breaking
rules. Latin and CJK text is shaped with HarfBuzz; the PDF has subset fonts, is tagged,
searchable and optionally PDF/A-2b, and can carry PAdES signatures. One template and a
CSV or JSON file make thousands of personalised letters.")

set(CPACK_DEBIAN_LIB_PACKAGE_NAME libepistle0)
set(CPACK_DEBIAN_LIB_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_LIB_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_LIB_PACKAGE_DEPENDS "fonts-noto-core, fonts-noto-cjk")
set(CPACK_DEBIAN_LIB_DESCRIPTION
  "letter typesetting library of epistle
The library behind the epistle tool: parse a letter, lay it out and write its PDF,
merge a template with data, sign and verify.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libepistle-dev)
set(CPACK_DEBIAN_DEV_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_SHLIBDEPS OFF)
# The static library's own dependencies: pkg-config --static and the CMake package need them.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libepistle0 (= ${EP_DEB_VERSION}), libhpdf-dev, libharfbuzz-dev, \
libfreetype-dev, libfontconfig-dev, libicu-dev, libyaml-dev, libcmark-dev, libpng-dev, zlib1g-dev, libdeflate-dev, \
libjansson-dev, libhyphen-dev, libcsv-dev")
set(CPACK_DEBIAN_DEV_DESCRIPTION
  "letter typesetting library of epistle (development files)
The header, the static library, a pkg-config file and a CMake package for the library
behind the epistle tool.")

set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_BINARY_DIR}/deb)
include(CPack)
