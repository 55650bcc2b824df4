//
// MappingParser.cpp
//

#include "mapping/model/MappingParser.h"
#include "mapping/model/MappingError.h"
#include "mapping/model/MappingValidator.h"
#include <Poco/NumberFormatter.h>
#include <Poco/SAX/Attributes.h>
#include <Poco/SAX/DefaultHandler.h>
#include <Poco/SAX/InputSource.h>
#include <Poco/SAX/Locator.h>
#include <Poco/SAX/SAXException.h>
#include <Poco/SAX/SAXParser.h>
#include <Poco/SAX/XMLReader.h>
#include <fstream>

namespace mailbridge {
namespace mapping {

namespace {

class TreeBuilder: public Poco::XML::DefaultHandler
	/// Builds XmlNodes, stamping each with the locator's position at its start tag.
{
public:
	void setDocumentLocator(const Poco::XML::Locator* locator) override
	{
		_locator = locator;
	}

	void startElement(const Poco::XML::XMLString&, const Poco::XML::XMLString&,
		const Poco::XML::XMLString& qname, const Poco::XML::Attributes& attrs) override
	{
		XmlNode node;
		node.name = qname;
		if (_locator)
		{
			node.pos.line = _locator->getLineNumber();
			node.pos.column = _locator->getColumnNumber();
		}
		for (int i = 0; i < attrs.getLength(); ++i)
			node.attributes.emplace_back(attrs.getQName(i), attrs.getValue(i));
		if (_stack.empty())
		{
			root = std::move(node);
			_stack.push_back(&root);
		}
		else
		{
			_stack.back()->children.push_back(std::move(node));
			_stack.push_back(&_stack.back()->children.back());
		}
	}

	void endElement(const Poco::XML::XMLString&, const Poco::XML::XMLString&, const Poco::XML::XMLString&) override
	{
		_stack.pop_back();
	}

	void characters(const Poco::XML::XMLChar ch[], int start, int length) override
	{
		if (!_stack.empty()) _stack.back()->text.append(ch + start, length);
	}

	XmlNode root;

private:
	const Poco::XML::Locator* _locator = nullptr;
	std::vector<XmlNode*> _stack;  // children vectors only grow at the back: earlier pointers stay valid
};

} // namespace

XmlNode MappingParser::parseTree(std::istream& in, const std::string& file)
{
	TreeBuilder builder;
	Poco::XML::SAXParser parser;
	parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, false);
	parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
	parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
	parser.setContentHandler(&builder);
	parser.setErrorHandler(&builder);
	Poco::XML::InputSource source(in);
	try
	{
		parser.parse(&source);
	}
	catch (Poco::XML::SAXParseException& exc)
	{
		throw MappingError(file + ":" + Poco::NumberFormatter::format(exc.getLineNumber())
			+ ": not well-formed XML: " + exc.message());
	}
	catch (Poco::Exception& exc)
	{
		throw MappingError(file + ": not well-formed XML: " + exc.displayText());
	}
	return std::move(builder.root);
}

Mapping MappingParser::parse(std::istream& in, const std::string& file)
{
	XmlNode root = parseTree(in, file);
	MappingValidator validator(file);
	Mapping mapping = validator.validate(root);
	if (!validator.errors().empty())
	{
		std::string text;
		for (const auto& e: validator.errors()) text += (text.empty() ? "" : "\n") + e;
		throw MappingError(text);
	}
	return mapping;
}

Mapping MappingParser::parseFile(const std::string& path)
{
	std::ifstream in(path, std::ios::binary);
	if (!in) throw MappingError(path + ": cannot read the mapping file");
	return parse(in, path);
}

} } // namespace mailbridge::mapping
